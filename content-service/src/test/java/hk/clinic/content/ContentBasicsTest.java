package hk.clinic.content;

import hk.clinic.infra.testing.ServiceBasicsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ContentBasicsTest extends ServiceBasicsContract {

    @Override
    protected String service() {
        return "content";
    }

    @Override
    protected boolean usesKafka() {
        return false;
    }
}
