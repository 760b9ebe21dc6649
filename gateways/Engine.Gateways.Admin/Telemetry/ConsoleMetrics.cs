using Engine.Gateways.Admin.LiveFeeds;
using Engine.Transport;
using Prometheus;
using Codecs = Engine.Codecs;

namespace Engine.Gateways.Admin.Telemetry;

/// <summary>
/// The gateway's <c>/metrics</c> (Prometheus text format, prometheus-net). Two sources, neither journaled nor asked of
/// the BLP: the engine host's once-a-second publication (<see cref="EngineTelemetry"/>: inputs, journal, apply and
/// replication lag, stage latencies) read when Prometheus scrapes, and the engine's egress as this gateway reads it
/// (orders sent, rejections by reason, tick-to-trade as observed here). Its own registry, so two gateways in one process
/// (the tests) do not mix. Thread-safe: prometheus-net's collectors are.
/// </summary>
public sealed class ConsoleMetrics : IEgressObserver
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly Counter _rejections;
    private readonly Counter _ordersSent;
    private readonly Counter _cancelsSent;
    private readonly Counter _executionReports;
    private readonly Histogram _tickToTrade;

    public ConsoleMetrics(EngineTelemetry telemetry, Func<bool> attached, Func<long> attachments, ConsoleClients consoleClients)
    {
        ArgumentNullException.ThrowIfNull(consoleClients);
        MetricFactory metrics = Metrics.WithCustomRegistry(_registry);
        _rejections = metrics.CreateCounter("engine_rejections_total", "Orders, cancels and amends the engine refused (egress Reject), by result code: 2xxx are pre-trade risk's.", "reason", "subsystem");
        _ordersSent = metrics.CreateCounter("engine_orders_sent_total", "New orders the engine sent to venues (egress NewOrder).");
        _cancelsSent = metrics.CreateCounter("engine_cancels_sent_total", "Cancels the engine sent to venues (egress CancelOrder).");
        _executionReports = metrics.CreateCounter("engine_internal_execution_reports_total", "Execution reports the engine made itself (internal crossing).");
        _tickToTrade = metrics.CreateHistogram(
            "engine_tick_to_trade_observed_seconds",
            "Market data received by its gateway -> the order it caused read from egress by this admin gateway (includes this gateway's read delay, up to 1 ms when idle).",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.000_005, 2, 16) });

        Gauge attachedGauge = metrics.CreateGauge("engine_gateway_attached", "1 while an engine serves this admin gateway, 0 while it waits for one.");
        Gauge attachmentsGauge = metrics.CreateGauge("engine_gateway_attachments", "How many times this admin gateway attached to an engine (1 + reattachments).");
        Gauge published = metrics.CreateGauge("engine_host_publication_age_seconds", "Age of the engine host's last progress publication (stale past 5 s).");
        Counter inputs = metrics.CreateCounter("engine_inputs_accepted_total", "Inputs the engine's receiver accepted from gateways.");
        Gauge inputsRate = metrics.CreateGauge("engine_inputs_per_second", "Inputs accepted per second, between the host's last two publications.");
        Gauge journal = metrics.CreateGauge("engine_journal_sequence", "The journal's last written sequence.");
        Gauge journalLag = metrics.CreateGauge("engine_journal_lag_records", "Records written to the journal but not yet durable.");
        Gauge applyLag = metrics.CreateGauge("engine_apply_lag_records", "Records journaled but not yet applied by the BLP.");
        Gauge replicationLag = metrics.CreateGauge("engine_replication_lag_records", "Journal records PostgreSQL is missing (absent without a replicator).");
        Gauge stages = metrics.CreateGauge("engine_pipeline_stage_latency_microseconds", "The engine host's per-stage latency percentiles since its start.", "stage", "quantile");
        Gauge clients = metrics.CreateGauge("engine_console_clients", "Console clients connected to the live feed (/hubs/console).");
        Gauge queued = metrics.CreateGauge("engine_console_events_queued_max", "The most events any one console client has waiting (bounded per client; a slow client drops the oldest).");
        Gauge dropped = metrics.CreateGauge("engine_console_events_dropped", "Events dropped for slow console clients, over the clients connected now.");
        _registry.AddBeforeCollectCallback(() =>
        {
            clients.Set(consoleClients.Count);
            queued.Set(consoleClients.MostEventsQueued);
            dropped.Set(consoleClients.EventsDropped);
            attachedGauge.Set(attached() ? 1 : 0);
            attachmentsGauge.Set(attachments());
            if (telemetry.Current is not { } reading)
            {
                return;
            }

            published.Set(Math.Max(0, (DateTimeOffset.UtcNow - reading.Time).TotalSeconds));
            inputs.IncTo(reading.InputsAccepted);
            inputsRate.Set(reading.InputsPerSecond);
            journal.Set(reading.JournalSequence);
            journalLag.Set(reading.JournalLag);
            applyLag.Set(reading.ApplyLag);
            if (reading.ReplicationLag is { } lag)
            {
                replicationLag.Set(lag);
            }
            else
            {
                replicationLag.Unpublish();
            }

            foreach (StageLatencyReading stage in reading.Stages)
            {
                foreach ((string quantile, double micros) in stage.Percentiles)
                {
                    stages.WithLabels(stage.Stage, quantile).Set(micros);
                }
            }
        });
    }

    public void Observe(int templateId, ReadOnlySpan<byte> message)
    {
        if (templateId == Codecs.NewOrderDecoder.TemplateId && message.Length >= Codecs.EngineSchema.HeaderLength + Codecs.NewOrderDecoder.BlockLength)
        {
            _ordersSent.Inc();
            long trigger = Codecs.NewOrderDecoder.WrapWithHeader(message, 0).TriggerTime;
            long latency = MonotonicClock.WallNanos() - trigger;
            if (trigger != Codecs.NewOrderDecoder.TriggerTimeNullValue && latency > 0 && latency < 10_000_000_000)
            {
                _tickToTrade.Observe(latency / 1e9);
            }
        }
        else if (templateId == Codecs.CancelOrderDecoder.TemplateId)
        {
            _cancelsSent.Inc();
        }
        else if (templateId == Codecs.ExecutionReportDecoder.TemplateId)
        {
            _executionReports.Inc();
        }
        else if (templateId == Codecs.RejectDecoder.TemplateId && message.Length >= Codecs.EngineSchema.HeaderLength + Codecs.RejectDecoder.BlockLength)
        {
            var reason = (Engine.Primitives.ResultCode)(ushort)Codecs.RejectDecoder.WrapWithHeader(message, 0).Reason;
            _rejections.WithLabels(reason.ToString(), Engine.Primitives.ResultCodes.Subsystem(reason)).Inc();
        }
    }

    public Task WriteAsync(Stream output, CancellationToken cancellation) => _registry.CollectAndExportAsTextAsync(output, cancellation);
}
