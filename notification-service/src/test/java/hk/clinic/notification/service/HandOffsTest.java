package hk.clinic.notification.service;

import hk.clinic.notification.domain.Notification;
import hk.clinic.notification.domain.NotificationStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The hand-offs claim while they have room, hold at most their limit and give them out oldest first. */
class HandOffsTest {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Instant NOW = Instant.parse("2026-12-03T10:15:30.123456789Z");

    private static Notification message() {
        Notification n = new Notification();
        n.id = UUID.randomUUID();
        n.status = NotificationStatus.SCHEDULED;
        return n;
    }

    @Test
    void claimsWhileThereIsRoomAndGivesThemOutOldestFirst() {
        HandOffs handOffs = new HandOffs(2, LEASE);
        Delivery.Claim first = handOffs.claimIfRoom(message(), NOW);
        assertNotNull(first, "room: claimed as it is scheduled");
        assertEquals(NotificationStatus.SENDING, first.message().status);
        assertEquals(1, first.message().attempts);
        assertEquals(Instant.parse("2026-12-03T10:15:30.123456Z"), first.claimedAt(), "in microseconds, as PostgreSQL keeps it");
        assertEquals(first.claimedAt().plus(LEASE), first.message().leaseUntil);
        handOffs.add(first);
        Delivery.Claim second = handOffs.claimIfRoom(message(), NOW);
        handOffs.add(second);

        Notification third = message();
        assertNull(handOffs.claimIfRoom(third, NOW), "full at its limit: the next message due now waits in the table");
        assertEquals(NotificationStatus.SCHEDULED, third.status, "left as it was");

        assertEquals(first, handOffs.poll());
        assertNotNull(handOffs.claimIfRoom(message(), NOW), "room again");
        assertEquals(List.of(second), handOffs.takeAll());
        assertEquals(List.of(), handOffs.takeAll());
        assertNull(handOffs.poll());
        assertEquals(0, handOffs.size());
    }

    @Test
    void aLimitOfNoneHandsNothingOff() {
        assertNull(new HandOffs(0, LEASE).claimIfRoom(message(), NOW), "clinic.delivery.hand-off-limit=0 turns hand-offs off");
    }
}
