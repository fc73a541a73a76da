package hk.clinic.notification.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** How to reach the person behind one registration; deleted when the registration is erased. */
@Entity
@Table(name = "registration_contact")
public class RegistrationContact extends PanacheEntityBase {

    @Id
    @Column(name = "registration_id")
    public UUID registrationId;

    public String phone;

    public String email;

    @Column(nullable = false)
    public String locale;

    @Column(name = "marketing_opt_in", nullable = false)
    public boolean marketingOptIn;

    @Column(name = "opted_out_at")
    public Instant optedOutAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
