package io.tunstack.stack.ip;

/**
 * The stack's deadlines: {@link System#nanoTime()} values, or {@link Long#MAX_VALUE} for "nothing pending". nanoTime
 * values may wrap, so they are compared as differences ({@link System#nanoTime()}'s contract), never directly.
 */
public final class Deadlines {

    /** No deadline: nothing is pending. */
    public static final long NONE = Long.MAX_VALUE;

    private Deadlines() {
    }

    /** The earlier of two deadlines; {@link #NONE} is later than every deadline. */
    public static long earliest(long a, long b) {
        if (a == NONE) {
            return b;
        }
        if (b == NONE) {
            return a;
        }
        return a - b < 0 ? a : b;
    }
}
