/**
 * Watching tunstack work, end to end: {@code --trace}, {@code --pcap} and {@code --metrics} of the real program in a
 * network namespace each test class creates and deletes, checked with tcpdump, tshark and curl run inside it.
 */
package io.tunstack.it.observe;
