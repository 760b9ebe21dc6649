using System.Diagnostics;
using System.Globalization;
using Engine.Transport;
using Engine.Transport.Egress;
using Engine.Transport.Ingress;

namespace Engine.PerfTests.Harnesses.Ipc;

/// <summary>
/// ipc-pingpong: the engine transmits a 64-byte message on egress, a gateway process echoes it back on ingress;
/// round-trip percentiles from HdrHistogram. Baseline, same run: the same ping-pong over the peer's stdin/stdout
/// pipes. Both sides busy-poll, so on a 2-core machine this uses both cores.
/// </summary>
public sealed class IpcPingPongHarness : IHarness
{
    public string Name => "ipc-pingpong";

    public string Description => "64-byte round trip engine -> gateway process -> engine; baseline: OS pipes";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int warmup = context.Quick ? 20_000 : 100_000;
        int measured = context.Quick ? 100_000 : 1_000_000;
        LatencyRecorder shared = MeasureSharedMemory(warmup, measured);
        LatencyRecorder pipe = MeasurePipe(warmup / 4, measured / 4);
        Dictionary<string, double> extra = shared.PercentilesMicroseconds();
        extra["baselineP99"] = pipe.PercentileNanoseconds(99) / 1000.0;
        context.Report(new HarnessResult(Name, shared.PercentileNanoseconds(50) / 1000.0, "us (p50 round trip)", "os-pipe-pingpong", pipe.PercentileNanoseconds(50) / 1000.0)
        {
            Extra = extra,
        });
    }

    private static LatencyRecorder MeasureSharedMemory(int warmup, int measured)
    {
        var options = new TransportOptions { Name = $"engine-perf-{Environment.ProcessId}-{Guid.NewGuid():N}" };
        using TransportFile transport = TransportFile.CreateForEngine(options);
        var transmitter = new BroadcastTransmitter(transport.EgressBuffer);
        int total = warmup + measured;
        using var peer = PeerProcess.Start("echo", options.FilePath, total.ToString(CultureInfo.InvariantCulture));
        peer.Go();
        var recorder = new LatencyRecorder();
        Span<byte> message = stackalloc byte[IpcMessage.Length];
        var pong = new PongHandler();
        for (long sequence = 0; sequence < total; sequence++)
        {
            IpcMessage.Write(message, sequence);
            long sent = Stopwatch.GetTimestamp();
            transmitter.Transmit(IpcMessage.Type, message);
            pong.Received = -1;
            while (transport.Ingress.Read(ref pong, 1) == 0)
            {
                Thread.SpinWait(1);
            }

            long roundTrip = Stopwatch.GetTimestamp() - sent;
            if (pong.Received != sequence)
            {
                throw new HarnessVerificationException($"shared memory: ping {sequence} came back as {pong.Received}");
            }

            if (sequence >= warmup)
            {
                recorder.RecordTicks(roundTrip);
            }
        }

        peer.WaitForSuccess();
        return recorder;
    }

    private static LatencyRecorder MeasurePipe(int warmup, int measured)
    {
        int total = warmup + measured;
        using var peer = PeerProcess.Start("pipe-echo", total.ToString(CultureInfo.InvariantCulture));
        peer.Go();
        var recorder = new LatencyRecorder();
        byte[] message = new byte[IpcMessage.Length];
        byte[] reply = new byte[IpcMessage.Length];
        for (long sequence = 0; sequence < total; sequence++)
        {
            IpcMessage.Write(message, sequence);
            long sent = Stopwatch.GetTimestamp();
            peer.Input.Write(message);
            peer.Input.Flush();
            peer.Output.ReadExactly(reply);
            long roundTrip = Stopwatch.GetTimestamp() - sent;
            if (IpcMessage.Read(reply) != sequence)
            {
                throw new HarnessVerificationException($"pipe: ping {sequence} came back corrupt");
            }

            if (sequence >= warmup)
            {
                recorder.RecordTicks(roundTrip);
            }
        }

        peer.WaitForSuccess();
        return recorder;
    }

    private struct PongHandler : IMessageHandler
    {
        public long Received;

        public void OnMessage(int type, ReadOnlySpan<byte> message) => Received = IpcMessage.Read(message);
    }
}
