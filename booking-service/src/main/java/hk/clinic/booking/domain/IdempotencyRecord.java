package hk.clinic.booking.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** The first answer to a POST carrying an Idempotency-Key (without the manage token, which is never stored). */
@Entity
@Table(name = "idempotency_record")
public class IdempotencyRecord extends PanacheEntityBase {

    @Id
    @Column(name = "idempotency_key")
    public String key;

    @Column(name = "request_hash")
    public String requestHash;

    @Column(name = "registration_id")
    public java.util.UUID registrationId;

    public int status;

    public String location;

    public String body;

    @Column(name = "created_at")
    public Instant createdAt;
}
