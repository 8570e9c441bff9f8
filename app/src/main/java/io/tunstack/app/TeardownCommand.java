package io.tunstack.app;

import io.tunstack.device.InterfaceConfig;
import io.tunstack.device.NativeException;
import io.tunstack.device.TunDevice;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import jnr.constants.platform.Errno;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tunstack teardown}: removes a persistent device made by {@code tunstack setup} (or {@code ip tuntap add}). */
@Command(name = "teardown", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Removes a persistent TUN device: it stops being persistent and goes away with its addresses.")
final class TeardownCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--device", paramLabel = "NAME", defaultValue = "tun0", converter = DeviceNameConverter.class,
            description = "The device to remove. Default: ${DEFAULT-VALUE}.")
    String device;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            InterfaceConfig.flags(device);
        } catch (NativeException e) {
            err.println("tunstack: " + (e.errno() == Errno.ENODEV ? "there is no device " + device
                    : "cannot read device " + device + ": " + e.getMessage()));
            err.flush();
            return 1;
        }
        try (TunDevice tun = TunDevice.open(device, false)) {
            tun.setPersistent(false);
        } catch (NativeException e) {
            err.println("tunstack: " + DeviceErrors.openFailed(device, e));
            err.flush();
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("tunstack: " + device + " removed");
        out.flush();
        return 0;
    }
}
