package hk.clinic.content.rest;

import hk.clinic.infra.testing.DatabaseUnavailableContract;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.util.Optional;

@QuarkusTest
class DatabaseUnavailableTest extends DatabaseUnavailableContract {

    @Inject
    DataSource dataSource;

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }

    @Override
    protected void inNewTransaction(Runnable work) {
        QuarkusTransaction.requiringNew().run(work);
    }

    @Override
    protected Optional<String> reason(Throwable failure) {
        return DatabaseUnavailable.reason(failure);
    }
}
