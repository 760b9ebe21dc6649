using System.Diagnostics;
using Engine.Benchmarks.Sbe;

namespace Engine.PerfTests.Harnesses.Sbe;

/// <summary>
/// <c>sbe-codec</c>: nanoseconds per encode and per decode of an L2 update with 10 levels and of a new order with
/// the generated SBE codecs, against Google.Protobuf (baseline) and System.Text.Json in the same process. Checks every
/// decode's checksum and that SBE allocates 0 bytes over the measured rounds.
/// </summary>
public sealed class SbeCodecHarness : IHarness
{
    private const int Batch = 1_000;
    private const int WarmUpMillis = 1_000;

    private static readonly string[] s_operations = ["l2update10.encode", "l2update10.decode", "neworder.encode", "neworder.decode"];

    public string Name => "sbe-codec";

    public string Description => "SBE encode/decode of L2 update (10 levels) and new order vs Google.Protobuf and System.Text.Json";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int rounds = context.Quick ? 300 : 3_000;
        var workload = new CodecWorkload();
        for (int operation = 0; operation < s_operations.Length; operation++)
        {
            // Warm up every path for at least a second, so tiered compilation has settled before anything is timed: a
            // fixed 50 batches took 0.15 ms for the new-order decode, far inside tiering's 100 ms call-counting delay,
            // and its timed rounds then ran unoptimised code (48 ns against 3 ns).
            var warmUp = Stopwatch.StartNew();
            for (int i = 0; i < 50 || warmUp.ElapsedMilliseconds < WarmUpMillis; i++)
            {
                Measure(workload, Codec.Sbe, operation);
                Measure(workload, Codec.Protobuf, operation);
                Measure(workload, Codec.Json, operation);
            }

            var sbe = new double[rounds];
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            Rounds(workload, Codec.Sbe, operation, sbe);
            long sbeAllocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            if (sbeAllocated != 0)
            {
                throw new HarnessVerificationException($"SBE {s_operations[operation]} allocated {sbeAllocated} bytes over {rounds * Batch} operations");
            }

            var protobuf = new double[rounds];
            Rounds(workload, Codec.Protobuf, operation, protobuf);
            var json = new double[rounds];
            Rounds(workload, Codec.Json, operation, json);

            // Sorted outside the allocation window: the first Array.Sort<double> of a process allocates its comparer.
            Array.Sort(sbe);
            Array.Sort(protobuf);
            Array.Sort(json);
            double sbeMedian = Percentile(sbe, 0.50);
            double protobufMedian = Percentile(protobuf, 0.50);
            context.Report(new HarnessResult($"sbe-codec.{s_operations[operation]}", sbeMedian, "ns/op", "protobuf", protobufMedian)
            {
                Extra = new Dictionary<string, double>
                {
                    ["p50"] = sbeMedian,
                    ["p90"] = Percentile(sbe, 0.90),
                    ["p99"] = Percentile(sbe, 0.99),
                    ["protobufP99"] = Percentile(protobuf, 0.99),
                    ["json"] = Percentile(json, 0.50),
                    ["speedupVsProtobuf"] = protobufMedian / sbeMedian,
                    ["sbeAllocatedBytes"] = sbeAllocated,
                    ["sbeL2Bytes"] = workload.SbeL2Length,
                    ["protobufL2Bytes"] = workload.ProtobufL2Length,
                    ["jsonL2Bytes"] = workload.JsonL2Length,
                },
            });
        }
    }

    /// <summary>Fills <paramref name="result"/> with the mean nanoseconds per operation of rounds of <see cref="Batch"/> operations.</summary>
    private static void Rounds(CodecWorkload workload, Codec codec, int operation, double[] result)
    {
        for (int round = 0; round < result.Length; round++)
        {
            long started = Stopwatch.GetTimestamp();
            Measure(workload, codec, operation);
            long elapsed = Stopwatch.GetTimestamp() - started;
            result[round] = elapsed * (1_000_000_000.0 / Stopwatch.Frequency) / Batch;
        }
    }

    /// <summary>Runs one batch of one operation (the switch sits outside the loop so the loop body is direct calls).</summary>
    private static void Measure(CodecWorkload workload, Codec codec, int operation)
    {
        long sum = 0;
        switch ((codec, operation))
        {
            case (Codec.Sbe, 0):
                for (int i = 0; i < Batch; i++)
                {
                    sum += workload.SbeEncodeL2Update();
                }

                Verify(sum, workload.SbeL2Length, codec, operation);
                return;
            case (Codec.Sbe, 1):
                for (int i = 0; i < Batch; i++)
                {
                    sum += workload.SbeDecodeL2Update();
                }

                Verify(sum, workload.ExpectedL2Checksum, codec, operation);
                return;
            case (Codec.Sbe, 2):
                for (int i = 0; i < Batch; i++)
                {
                    sum += workload.SbeEncodeNewOrder();
                }

                Verify(sum, sum / Batch, codec, operation);
                return;
            case (Codec.Sbe, 3):
                for (int i = 0; i < Batch; i++)
                {
                    sum += workload.SbeDecodeNewOrder();
                }

                Verify(sum, CodecWorkload.ExpectedOrderChecksum, codec, operation);
                return;
            case (Codec.Protobuf, 0):
                for (int i = 0; i < Batch; i++)
                {
                    sum += workload.ProtobufEncodeL2Update();
                }

                return;
            case (Codec.Protobuf, 1):
                for (int i = 0; i < Batch; i++)
                {
                    sum += workload.ProtobufDecodeL2Update();
                }

                Verify(sum, workload.ExpectedL2Checksum, codec, operation);
                return;
            case (Codec.Protobuf, 2):
                for (int i = 0; i < Batch; i++)
                {
                    sum += workload.ProtobufEncodeNewOrder();
                }

                return;
            case (Codec.Protobuf, 3):
                for (int i = 0; i < Batch; i++)
                {
                    sum += workload.ProtobufDecodeNewOrder();
                }

                Verify(sum, CodecWorkload.ExpectedOrderChecksum, codec, operation);
                return;
            case (Codec.Json, 0):
                for (int i = 0; i < Batch; i++)
                {
                    sum += workload.JsonEncodeL2Update();
                }

                return;
            case (Codec.Json, 1):
                for (int i = 0; i < Batch; i++)
                {
                    sum += workload.JsonDecodeL2Update();
                }

                Verify(sum, workload.ExpectedL2Checksum, codec, operation);
                return;
            case (Codec.Json, 2):
                for (int i = 0; i < Batch; i++)
                {
                    sum += workload.JsonEncodeNewOrder();
                }

                return;
            default:
                for (int i = 0; i < Batch; i++)
                {
                    sum += workload.JsonDecodeNewOrder();
                }

                Verify(sum, CodecWorkload.ExpectedOrderChecksum, codec, operation);
                return;
        }
    }

    private static void Verify(long sum, long expectedPerOperation, Codec codec, int operation)
    {
        if (sum != expectedPerOperation * Batch)
        {
            throw new HarnessVerificationException(
                $"{codec} {s_operations[operation]}: checksum {sum} over {Batch} operations, expected {expectedPerOperation * Batch}");
        }
    }

    private static double Percentile(double[] sorted, double quantile) =>
        sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))];

    private enum Codec
    {
        Sbe,
        Protobuf,
        Json,
    }
}
