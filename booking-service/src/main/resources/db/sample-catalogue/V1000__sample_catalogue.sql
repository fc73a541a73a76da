-- Sample catalogue for the local run and the tests (the acne free trial from the guide's form and the
-- professional milia treatments it describes). Deployments point quarkus.flyway.locations at their own data.
INSERT INTO treatment (code, name_en, name_zh_hk, free_trial, min_notice_days, max_advance_days, duration_minutes, slot_interval_minutes, sort_order) VALUES
 ('acne-treatment-trial', 'Acne Treatment (free trial)', '暗瘡治療（免費體驗）', true, 1, 60, 60, 30, 1),
 ('vacuum-microdermabrasion-facial', 'Vacuum Microdermabrasion Facial', '真空微晶磨皮面部護理', false, 1, 60, 60, 30, 2),
 ('milia-deroofing-extraction', 'Milia Deroofing and Manual Extraction', '脂肪粒挑破及人手清除', false, 2, 60, 30, 30, 3),
 ('milia-laser-ablation', 'Milia Laser Ablation', '脂肪粒激光汽化', false, 3, 90, 45, 45, 4);

INSERT INTO branch (code, name_en, name_zh_hk, address_en, address_zh_hk, phone, sort_order) VALUES
 ('causeway-bay', 'Causeway Bay', '銅鑼灣', '10/F, 500 Hennessy Road, Causeway Bay, Hong Kong', '香港銅鑼灣軒尼詩道500號10樓', '+85223456789', 1),
 ('tsim-sha-tsui', 'Tsim Sha Tsui', '尖沙咀', '8/F, 132 Nathan Road, Tsim Sha Tsui, Kowloon', '九龍尖沙咀彌敦道132號8樓', '+85223456790', 2),
 ('mong-kok', 'Mong Kok', '旺角', '12/F, 700 Nathan Road, Mong Kok, Kowloon', '九龍旺角彌敦道700號12樓', '+85223456791', 3),
 ('central', 'Central', '中環', '15/F, 33 Queen''s Road Central, Central, Hong Kong', '香港中環皇后大道中33號15樓', '+85223456792', 4);

-- Monday to Saturday for every branch; Central is closed on Sundays, the others open shorter hours.
INSERT INTO branch_opening_hours (branch_code, weekday, opens_at, closes_at)
SELECT b.code, d.weekday, '10:00', '20:00'
FROM branch b CROSS JOIN generate_series(1, 6) AS d(weekday);
INSERT INTO branch_opening_hours (branch_code, weekday, opens_at, closes_at) VALUES
 ('causeway-bay', 7, '11:00', '18:00'),
 ('tsim-sha-tsui', 7, '11:00', '18:00'),
 ('mong-kok', 7, '11:00', '18:00');

-- Hong Kong general holidays in the booking window of the sample data.
INSERT INTO branch_closed_date (branch_code, closed_on, reason)
SELECT b.code, h.day, h.reason
FROM branch b CROSS JOIN (VALUES ('2026-12-25'::date, 'Christmas Day'),
                                 ('2026-12-26'::date, 'The first weekday after Christmas Day'),
                                 ('2027-01-01'::date, 'The first day of January'),
                                 ('2027-02-06'::date, 'Lunar New Year''s Day'),
                                 ('2027-02-08'::date, 'The third day of Lunar New Year')) AS h(day, reason);

INSERT INTO slot_capacity (branch_code, treatment_code, places)
SELECT b.code, t.code, CASE WHEN t.code = 'acne-treatment-trial' THEN 3 ELSE 2 END
FROM branch b CROSS JOIN treatment t;

-- Central has one therapist for the free trial over lunch on weekdays.
INSERT INTO slot_capacity_override (branch_code, treatment_code, weekday, slot_time, places)
SELECT 'central', 'acne-treatment-trial', d.weekday, t.slot_time, 1
FROM generate_series(1, 5) AS d(weekday) CROSS JOIN (VALUES ('13:00'::time), ('13:30'::time)) AS t(slot_time);
