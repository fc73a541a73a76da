package hk.clinic.booking.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** Proof of what the person agreed to: the terms and privacy versions they saw, when, and through which channel. */
@Entity
@Table(name = "consent_record")
public class ConsentRecord extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "registration_id")
    public UUID registrationId;

    @Column(name = "terms_version")
    public String termsVersion;

    @Column(name = "privacy_version")
    public String privacyVersion;

    @Column(name = "marketing_opt_in")
    public boolean marketingOptIn;

    public String channel;

    @Column(name = "accepted_at")
    public Instant acceptedAt;
}
