package hk.clinic.notification.service;

import hk.clinic.notification.domain.Notification;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-offs hold at most their limit and give them out oldest first. */
class HandOffsTest {

    private static Delivery.Claim claim() {
        Notification n = new Notification();
        n.id = UUID.randomUUID();
        return new Delivery.Claim(n.id, Instant.now(), n);
    }

    @Test
    void holdsAtMostItsLimitAndGivesThemOutOldestFirst() {
        HandOffs handOffs = new HandOffs(2);
        Delivery.Claim first = claim();
        Delivery.Claim second = claim();
        assertTrue(handOffs.hasRoom());
        handOffs.add(first);
        handOffs.add(second);
        assertFalse(handOffs.hasRoom(), "full at its limit: the next message due now waits in the table");

        assertEquals(List.of(first), handOffs.take(1));
        assertTrue(handOffs.hasRoom());
        assertEquals(List.of(second), handOffs.take(5));
        assertEquals(List.of(), handOffs.take(5));
        assertEquals(0, handOffs.size());
    }

    @Test
    void aLimitOfNoneHandsNothingOff() {
        assertFalse(new HandOffs(0).hasRoom(), "clinic.delivery.hand-off-limit=0 turns hand-offs off");
    }
}
