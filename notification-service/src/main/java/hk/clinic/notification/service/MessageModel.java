package hk.clinic.notification.service;

import io.quarkus.qute.TemplateData;

/** What a message template may show; every text already in the message's language. */
@TemplateData
public record MessageModel(String treatment, String branch, String address, String branchPhone,
                           String date, String time, String previousDate, String previousTime,
                           String manageUrl, String stepTitle, String stepBody, String unsubscribeUrl) {
}
