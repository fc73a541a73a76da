package hk.clinic.notification.service;

import hk.clinic.notification.domain.AftercarePlan;
import hk.clinic.notification.domain.Channel;
import hk.clinic.notification.domain.Locales;
import hk.clinic.notification.domain.Notification;
import hk.clinic.notification.domain.NotificationType;
import hk.clinic.notification.domain.RegistrationContact;
import hk.clinic.notification.messaging.RegistrationEvent;
import hk.clinic.notification.messaging.RegistrationEventParser.ParsedEvent;
import hk.clinic.notification.repository.MessageLog;
import hk.clinic.notification.repository.NotificationRepository;
import hk.clinic.notification.config.NotificationConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each registration event means for the person's messages. One transaction per event: the event id is
 * recorded with the rows it creates, so a redelivered event changes nothing.
 */
@ApplicationScoped
public class RegistrationEventHandler {

    private static final DateTimeFormatter EN_DATE = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter ZH_DATE = DateTimeFormatter.ofPattern("yyyy年M月d日（EEEE）", Locale.TRADITIONAL_CHINESE);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    @Inject
    MessageLog messageLog;

    @Inject
    NotificationRepository notifications;

    @Inject
    Scheduling scheduling;

    @Inject
    MessageRenderer renderer;

    @Inject
    OptOutTokens optOutTokens;

    @Inject
    NotificationConfig config;

    @Inject
    Clock clock;

    /** Applies the event unless it was applied before; false for a duplicate. */
    @Transactional
    public boolean apply(ParsedEvent parsed, Optional<AftercarePlan> plan) {
        RegistrationEvent event = parsed.event();
        if (!messageLog.firstTime(event.id(), event.type(), event.subject())) {
            return false;
        }
        RegistrationEvent.Data data = parsed.data();
        switch (parsed.type()) {
            case SUBMITTED -> submitted(data);
            case RESCHEDULED -> rescheduled(data);
            case CANCELLED -> cancelled(data);
            case ATTENDED -> attended(data, plan);
            case NO_SHOW -> noShow(data);
            case ERASED -> erased(data);
        }
        return true;
    }

    private void submitted(RegistrationEvent.Data data) {
        RegistrationContact contact = remember(data);
        Instant now = clock.instant();
        // The hot path (every booking): the registration's keys read once, not one query per message.
        Set<String> taken = notifications.dedupeKeys(data.registrationId());
        for (Channel channel : confirmationChannels(contact)) {
            schedule(data, contact, NotificationType.CONFIRMATION, "", channel, null, now, taken);
        }
        scheduleReminder(data, contact, taken);
    }

    private void rescheduled(RegistrationEvent.Data data) {
        RegistrationContact contact = remember(data);
        Instant startsAt = data.appointment().startsAt().toInstant();
        preferredChannel(contact).ifPresent(channel -> schedule(data, contact, NotificationType.RESCHEDULE_NOTICE,
                startsAt.toString(), channel, null, clock.instant()));
        List<Notification> pending = notifications.scheduled(data.registrationId(), NotificationType.REMINDER);
        if (pending.isEmpty()) {
            scheduleReminder(data, contact);
            return;
        }
        for (Notification reminder : pending) {
            Instant wanted = startsAt.minus(config.delivery().reminderLead());
            RenderedMessage message = renderer.render(NotificationType.REMINDER, reminder.locale,
                    model(data, reminder.locale, NotificationType.REMINDER, null));
            String key = Notification.dedupeKey(reminder.registrationId, reminder.type, startsAt.toString(), reminder.channel);
            if (!notifications.exists(key)) {
                // Renamed after the new slot unless a reminder for that slot exists already (moved back and forth).
                reminder.step = startsAt.toString();
                reminder.dedupeKey = key;
            }
            reminder.dueAt = scheduling.dueAt(reminder.channel, wanted);
            reminder.subject = message.subject();
            reminder.bodyText = message.text();
            reminder.bodyHtml = message.html();
            reminder.updatedAt = clock.instant();
            if (!reminderStillUseful(reminder.dueAt, startsAt)) {
                scheduling.cancel(reminder, "Cancelled: the new appointment is too close for a reminder");
            }
        }
    }

    private void cancelled(RegistrationEvent.Data data) {
        RegistrationContact contact = remember(data);
        for (Notification pending : notifications.scheduled(data.registrationId())) {
            scheduling.cancel(pending, "Cancelled: registration cancelled");
        }
        preferredChannel(contact).ifPresent(channel -> schedule(data, contact, NotificationType.CANCELLATION_NOTICE,
                "", channel, null, clock.instant()));
    }

    private void attended(RegistrationEvent.Data data, Optional<AftercarePlan> plan) {
        RegistrationContact contact = remember(data);
        for (Notification reminder : notifications.scheduled(data.registrationId(), NotificationType.REMINDER)) {
            scheduling.cancel(reminder, "Cancelled: the person attended");
        }
        Optional<Channel> channel = preferredChannel(contact);
        if (plan.isEmpty() || channel.isEmpty()) {
            return;
        }
        Instant treatedAt = data.treatedAt().toInstant();
        for (AftercarePlan.Step step : plan.get().steps()) {
            Instant wanted = treatedAt.plus(step.offsetDuration());
            schedule(data, contact, NotificationType.AFTERCARE, step.key(), channel.get(), step, wanted);
        }
    }

    private void noShow(RegistrationEvent.Data data) {
        RegistrationContact contact = remember(data);
        for (Notification reminder : notifications.scheduled(data.registrationId(), NotificationType.REMINDER)) {
            scheduling.cancel(reminder, "Cancelled: the person did not attend");
        }
        // A rebook offer is direct marketing: only with the person's consent, and never after they opted out.
        if (!contact.marketingOptIn || contact.optedOutAt != null) {
            return;
        }
        preferredChannel(contact).ifPresent(channel -> schedule(data, contact, NotificationType.REBOOK_OFFER, "",
                channel, null, clock.instant()));
    }

    private void erased(RegistrationEvent.Data data) {
        RegistrationContact.deleteById(data.registrationId());
        notifications.anonymise(data.registrationId(), clock.instant());
    }

    private void scheduleReminder(RegistrationEvent.Data data, RegistrationContact contact) {
        scheduleReminder(data, contact, null);
    }

    /** {@code taken}: the registration's dedupe keys when the caller read them, else null (queried per message). */
    private void scheduleReminder(RegistrationEvent.Data data, RegistrationContact contact, Set<String> taken) {
        Instant startsAt = data.appointment().startsAt().toInstant();
        Optional<Channel> channel = preferredChannel(contact);
        if (channel.isEmpty()) {
            return;
        }
        Instant due = scheduling.dueAt(channel.get(), startsAt.minus(config.delivery().reminderLead()));
        if (!reminderStillUseful(due, startsAt)) {
            return;
        }
        schedule(data, contact, NotificationType.REMINDER, startsAt.toString(), channel.get(), null, due, taken);
    }

    /**
     * A reminder is only worth sending ahead of the slot and after now: for an appointment less than the lead
     * time away, the confirmation just sent is the reminder, and a second message at once would be noise.
     */
    private boolean reminderStillUseful(Instant due, Instant startsAt) {
        return due.isBefore(startsAt) && due.isAfter(clock.instant());
    }

    private void schedule(RegistrationEvent.Data data, RegistrationContact contact, NotificationType type, String step,
                          Channel channel, AftercarePlan.Step aftercareStep, Instant wanted) {
        schedule(data, contact, type, step, channel, aftercareStep, wanted, null);
    }

    private void schedule(RegistrationEvent.Data data, RegistrationContact contact, NotificationType type, String step,
                          Channel channel, AftercarePlan.Step aftercareStep, Instant wanted, Set<String> taken) {
        String recipient = channel == Channel.EMAIL ? contact.email : contact.phone;
        RenderedMessage message = renderer.render(type, contact.locale, model(data, contact.locale, type, aftercareStep));
        Scheduling.Draft draft = new Scheduling.Draft(data.registrationId(), type, step, channel, recipient,
                contact.locale, message, wanted, null);
        if (taken == null) {
            scheduling.schedule(draft);
        } else {
            scheduling.schedule(draft, taken);
        }
    }

    /** Confirmation goes by email when there is an address, and to the phone by WhatsApp. */
    private static List<Channel> confirmationChannels(RegistrationContact contact) {
        List<Channel> channels = new ArrayList<>();
        if (present(contact.email)) {
            channels.add(Channel.EMAIL);
        }
        if (present(contact.phone)) {
            channels.add(Channel.WHATSAPP);
        }
        return channels;
    }

    /** Everything else goes where people read it soonest: WhatsApp (falling back to SMS), else email. */
    private static Optional<Channel> preferredChannel(RegistrationContact contact) {
        if (present(contact.phone)) {
            return Optional.of(Channel.WHATSAPP);
        }
        return present(contact.email) ? Optional.of(Channel.EMAIL) : Optional.empty();
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /** Keeps the latest contact of the registration; an opt-out made here outlives later events. */
    private RegistrationContact remember(RegistrationEvent.Data data) {
        RegistrationEvent.Contact c = data.contact();
        RegistrationContact contact = RegistrationContact.findById(data.registrationId());
        String phone = present(c.phone()) ? c.phone().strip() : null;
        String email = present(c.email()) ? c.email().strip() : null;
        boolean fresh = contact == null;
        if (fresh) {
            contact = new RegistrationContact();
            contact.registrationId = data.registrationId();
            contact.optedOutAt = earlierOptOut(phone, email);
        }
        contact.phone = phone;
        contact.email = email;
        contact.locale = Locales.supported(c.language());
        contact.marketingOptIn = c.marketingOptIn() && contact.optedOutAt == null;
        contact.updatedAt = clock.instant();
        if (fresh) {
            contact.persist();
        }
        return contact;
    }

    /**
     * Booking does not know about opt-outs made here, so a new registration inherits the person's earlier one
     * (the phone's if both opted out). One query (partial indexes of V3) rather than one per address.
     */
    private static Instant earlierOptOut(String phone, String email) {
        if (phone == null && email == null) {
            return null;
        }
        return RegistrationContact.getEntityManager().createQuery("""
                        select c.optedOutAt from RegistrationContact c
                        where c.optedOutAt is not null and (c.phone = ?1 or c.email = ?2)
                        order by case when c.phone = ?1 then 0 else 1 end""", Instant.class)
                .setParameter(1, phone).setParameter(2, email).setMaxResults(1)
                .getResultStream().findFirst().orElse(null);
    }

    private MessageModel model(RegistrationEvent.Data data, String locale, NotificationType type, AftercarePlan.Step step) {
        boolean zh = Locales.ZH_HK.equals(locale);
        ZonedDateTime start = data.appointment().startsAt().atZoneSameInstant(config.zone());
        RegistrationEvent.Appointment previous = data.previousAppointment();
        ZonedDateTime before = previous == null || previous.startsAt() == null ? null
                : previous.startsAt().atZoneSameInstant(config.zone());
        return new MessageModel(
                text(data.treatment().name(), locale, data.treatment().code()),
                text(data.branch().name(), locale, data.branch().code()),
                text(data.branch().address(), locale, ""),
                data.branch().phone() == null ? "" : data.branch().phone(),
                (zh ? ZH_DATE : EN_DATE).format(start), TIME.format(start),
                before == null ? null : (zh ? ZH_DATE : EN_DATE).format(before),
                before == null ? null : TIME.format(before),
                data.manageUrl() == null ? "" : data.manageUrl(),
                step == null ? null : text(step.title(), locale, step.key()),
                step == null ? null : text(step.body(), locale, ""),
                type.promotional() ? optOutTokens.unsubscribeUrl(data.registrationId()) : null);
    }

    private static String text(Map<String, String> localized, String locale, String fallback) {
        if (localized == null || localized.isEmpty()) {
            return fallback;
        }
        String value = localized.get(locale);
        if (value == null) {
            value = localized.getOrDefault(Locales.EN, localized.values().iterator().next());
        }
        return value;
    }
}
