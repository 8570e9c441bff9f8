/** What ships beside the jar: the systemd unit, checked with the tools that read it. */
package io.tunstack.it.packaging;
