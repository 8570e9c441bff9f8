/**
 * Which virtual host behaves how, and how that changes while tunstack runs: {@code --host} and the config file's
 * profiles and hosts ({@link io.tunstack.app.hosts.HostAssignment}, {@link io.tunstack.app.hosts.ConfigFile}), the
 * live table the workers read ({@link io.tunstack.app.hosts.HostProfiles}), and the HTTP control API that changes it
 * ({@link io.tunstack.app.hosts.ControlServer}). The words themselves are the stack's
 * ({@link io.tunstack.stack.profile.HostProfile}).
 */
package io.tunstack.app.hosts;
