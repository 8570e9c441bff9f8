package io.tunstack.app;

/**
 * One line of {@code tunstack doctor}: what was checked, how it stands, and what to do about it.
 *
 * @param status PASS, WARN (tunstack runs, with a limit) or FAIL (tunstack cannot run as asked)
 * @param subject what was checked, in a few words
 * @param finding what was found
 * @param fix what to do, or empty when there is nothing to do
 */
record DoctorCheck(Status status, String subject, String finding, String fix) {

    enum Status { PASS, WARN, FAIL }

    static DoctorCheck pass(String subject, String finding) {
        return new DoctorCheck(Status.PASS, subject, finding, "");
    }

    static DoctorCheck warn(String subject, String finding, String fix) {
        return new DoctorCheck(Status.WARN, subject, finding, fix);
    }

    static DoctorCheck fail(String subject, String finding, String fix) {
        return new DoctorCheck(Status.FAIL, subject, finding, fix);
    }

    /** {@code FAIL  /dev/net/tun: missing; fix: load the tun module with 'modprobe tun'}. */
    String line() {
        return String.format("%-5s %s: %s%s", status, subject, finding, fix.isEmpty() ? "" : "; fix: " + fix);
    }
}
