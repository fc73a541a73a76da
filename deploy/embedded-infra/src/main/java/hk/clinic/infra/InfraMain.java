package hk.clinic.infra;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the embedded servers alone, for poking at them by hand:
 * {@code java -cp deploy/all-in-one/target/all-in-one.jar hk.clinic.infra.InfraMain [--data-dir DIR] [--random-ports]}
 * (the all-in-one jar's manifest carries this library and its dependencies).
 * The whole platform (servers and services) starts with {@code ./run-local.sh} instead.
 */
public final class InfraMain {

    private InfraMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dataDir = Path.of(".local-data", "infra");
        InfraPorts ports = InfraPorts.LOCAL;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dataDir = Path.of(args[++i]);
                case "--random-ports" -> ports = InfraPorts.random();
                default -> {
                    System.err.println("usage: InfraMain [--data-dir DIR] [--random-ports]");
                    System.exit(2);
                }
            }
        }
        try {
            ports.requireFree();
        } catch (InfraPorts.PortInUseException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
        EmbeddedInfra infra = EmbeddedInfra.start(dataDir, ports, EnumSet.allOf(EmbeddedInfra.Component.class),
                StaffKeys.loadOrGenerate(dataDir.resolve("keys")));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            infra.close();
            stopped.countDown();
        }, "embedded-infra-stop"));
        infra.endpoints().forEach((k, v) -> System.out.println(k + "=" + v));
        System.out.println("Embedded infrastructure ready; Ctrl-C stops it.");
        stopped.await();
    }
}
