package hk.clinic.notification.service;

public record RenderedMessage(String subject, String text, String html) {
}
