package io.tunstack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Read against this machine's own /dev/net/tun (root:root; 0600 on these machines, 0666 on most others). */
class TunNodeAccessTest {

    @Test
    void theNodesOwnerMayOpenIt() throws Exception {
        assumeTrue(Files.exists(TunNodeAccess.NODE), "no /dev/net/tun here");
        int owner = (Integer) Files.getAttribute(TunNodeAccess.NODE, "unix:uid");
        int group = (Integer) Files.getAttribute(TunNodeAccess.NODE, "unix:gid");
        assertEquals("", TunNodeAccess.describe(owner, group));
    }

    @Test
    void anotherUserIsToldHowToGetAccessWhereTheModeForbidsIt() throws Exception {
        assumeTrue(Files.exists(TunNodeAccess.NODE), "no /dev/net/tun here");
        int mode = (Integer) Files.getAttribute(TunNodeAccess.NODE, "unix:mode");
        String text = TunNodeAccess.describe(65534, 65534);
        if ((mode & 06) == 06) {
            assertEquals("", text, "mode " + Integer.toOctalString(mode) + " lets everyone in");
        } else {
            assertTrue(text.contains("uid 65534 cannot open it") && text.contains("chmod g+rw"), text);
        }
    }
}
