package hk.clinic.notification;

import hk.clinic.infra.ClinicInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Applies to every {@code @QuarkusTest} of this module: the real servers from deploy/embedded-infra,
 * started once per test JVM, with this service's own database role.
 */
@QuarkusTestResource(value = ClinicInfraResource.class, initArgs = @ResourceArg(name = "service", value = "notification"))
public final class NotificationInfra {

    private NotificationInfra() {
    }
}
