package hk.clinic.notification;

import hk.clinic.infra.testing.ServiceBasicsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class NotificationBasicsTest extends ServiceBasicsContract {

    @Override
    protected String service() {
        return "notification";
    }

    @Override
    protected boolean usesKafka() {
        return true;
    }
}
