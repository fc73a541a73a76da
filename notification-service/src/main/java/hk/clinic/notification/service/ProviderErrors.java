package hk.clinic.notification.service;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** Sorts a provider's failure into retry-later or give-up, with a reason short enough to store. */
final class ProviderErrors {

    private static final int MAX_REASON = 500;

    private ProviderErrors() {
    }

    static SendOutcome classify(String provider, RuntimeException e) {
        if (e instanceof WebApplicationException wae && wae.getResponse() != null) {
            Response response = wae.getResponse();
            int status = response.getStatus();
            String reason = truncate(provider + " HTTP " + status + ": " + body(response));
            return status == 429 || status >= 500 ? new SendOutcome.Transient(reason) : new SendOutcome.Permanent(reason);
        }
        if (e instanceof ProcessingException || e.getCause() instanceof java.io.IOException) {
            return new SendOutcome.Transient(truncate(provider + " unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage())));
        }
        return new SendOutcome.Transient(truncate(provider + " error: " + e.getClass().getSimpleName()));
    }

    private static String body(Response response) {
        try {
            return response.hasEntity() ? response.readEntity(String.class) : "";
        } catch (RuntimeException unreadable) {
            return "";
        }
    }

    static String truncate(String s) {
        return s.length() <= MAX_REASON ? s : s.substring(0, MAX_REASON);
    }
}
