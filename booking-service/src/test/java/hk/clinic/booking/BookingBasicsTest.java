package hk.clinic.booking;

import hk.clinic.infra.testing.ServiceBasicsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class BookingBasicsTest extends ServiceBasicsContract {

    @Override
    protected String service() {
        return "booking";
    }

    @Override
    protected boolean usesKafka() {
        return true;
    }
}
