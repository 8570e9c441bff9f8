/**
 * Helpers shared by the integration tests: prerequisites (skip, or fail under CI), network namespaces, processes
 * with deadlines, the tunstack jar as a process, and ping.
 */
package io.tunstack.it.support;
