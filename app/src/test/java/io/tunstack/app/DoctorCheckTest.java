package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DoctorCheckTest {

    @Test
    void aLineSaysTheStatusTheSubjectTheFindingAndTheFix() {
        assertEquals("PASS  device tun0: free", DoctorCheck.pass("device tun0", "free").line());
        assertEquals("FAIL  /dev/net/tun: missing; fix: load the tun module with 'modprobe tun'",
                DoctorCheck.fail("/dev/net/tun", "missing", "load the tun module with 'modprobe tun'").line());
        assertEquals("WARN  IPv6: disabled; fix: sysctl", DoctorCheck.warn("IPv6", "disabled", "sysctl").line());
    }
}
