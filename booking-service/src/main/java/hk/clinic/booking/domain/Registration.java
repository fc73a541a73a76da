package hk.clinic.booking.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

/** One booked place. Personal data (name, phone, email) is nulled when the person is erased. */
@Entity
@Table(name = "registration")
public class Registration extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "treatment_code")
    public String treatmentCode;

    @Column(name = "branch_code")
    public String branchCode;

    @Column(name = "slot_date")
    public LocalDate slotDate;

    @Column(name = "slot_time")
    public LocalTime slotTime;

    @Enumerated(EnumType.STRING)
    public RegistrationStatus status;

    @Column(name = "free_trial")
    public boolean freeTrial;

    @Column(name = "full_name")
    public String fullName;

    public String phone;

    public String email;

    public String language;

    @Column(name = "marketing_opt_in")
    public boolean marketingOptIn;

    @Column(name = "source_channel")
    public String sourceChannel;

    @Column(name = "source_campaign")
    public String sourceCampaign;

    @Column(name = "manage_token_hash")
    public String manageTokenHash;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "treated_at")
    public Instant treatedAt;

    @Column(name = "erased_at")
    public Instant erasedAt;

    @Version
    public int version;
}
