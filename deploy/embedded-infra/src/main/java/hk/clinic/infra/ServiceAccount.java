package hk.clinic.infra;

/** A service's own database login: it owns the schema of the same name and may use nothing else. */
public record ServiceAccount(String service, String password) {

    public String role() {
        return service;
    }

    public String schema() {
        return service;
    }
}
