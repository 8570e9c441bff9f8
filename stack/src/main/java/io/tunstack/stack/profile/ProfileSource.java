package io.tunstack.stack.profile;

/**
 * Where the stack finds the current {@link ProfileTable}: asked once per packet, from the worker's thread, while
 * another thread (a reload, the control API) may publish a new table. An implementation publishes safely (a volatile
 * field) and never blocks.
 */
@FunctionalInterface
public interface ProfileSource {

    /** No profiles, ever. */
    ProfileSource NONE = () -> ProfileTable.EMPTY;

    /** The table in force now. */
    ProfileTable current();

    /** A source that always gives {@code table}. */
    static ProfileSource of(ProfileTable table) {
        return () -> table;
    }
}
