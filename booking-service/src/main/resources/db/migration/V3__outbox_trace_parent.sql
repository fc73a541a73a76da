-- The W3C traceparent of the request that wrote the event (null when tracing is off): the relay publishes the
-- event as a child of that request's trace, however late it leaves.
ALTER TABLE outbox_event ADD COLUMN trace_parent text;
