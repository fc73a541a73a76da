package hk.clinic.booking.service;

/** Another request with the same Idempotency-Key got there first; its answer is the one to give. */
public class IdempotencyKeyInUse extends RuntimeException {

    public IdempotencyKeyInUse() {
        super("Idempotency-Key already used", null, false, false);
    }
}
