/**
 * Helpers shared by the integration tests: prerequisites (skip, or fail under CI), network namespaces and the
 * {@link io.tunstack.it.support.NamespaceFixture} that gives a test class one, processes with deadlines, the tunstack
 * jar as a process, and ping.
 */
package io.tunstack.it.support;
