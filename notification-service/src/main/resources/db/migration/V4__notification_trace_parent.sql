-- The W3C traceparent of the registration event a message was scheduled for (null when tracing is off): its
-- provider call, however much later, continues that trace.
ALTER TABLE notification ADD COLUMN trace_parent text;
