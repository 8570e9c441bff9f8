package io.tunstack.device;

/**
 * Takes a capability from the calling thread's effective set, so a test can see what a user without it sees.
 * Capabilities are per thread in Linux: the rest of the JVM keeps them.
 */
final class ThreadCapabilities {

    private ThreadCapabilities() {
    }

    /** Removes {@code capability} (e.g. {@code CAP_NET_ADMIN} = 12) from the calling thread's effective set. */
    static void dropEffective(int capability) throws java.io.IOException {
        Privileges.lower(capability);
    }
}
