using BenchmarkDotNet.Attributes;

namespace Engine.Benchmarks.Sbe;

/// <summary>
/// Encode and decode of an L2 update with 10 levels and of a new order: SBE (generated Engine.Codecs) against
/// Google.Protobuf (hand-written messages on its WriteContext/ParseContext) and System.Text.Json, in one run.
/// Run: dotnet run -c Release --project bench/Engine.Benchmarks -- --filter '*SbeCodec*'
/// </summary>
[MemoryDiagnoser]
public class SbeCodecBenchmarks
{
    private CodecWorkload _workload = null!;

    [GlobalSetup]
    public void Setup() => _workload = new CodecWorkload();

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("L2Encode")]
    public int Sbe_EncodeL2Update10() => _workload.SbeEncodeL2Update();

    [Benchmark]
    [BenchmarkCategory("L2Decode")]
    public long Sbe_DecodeL2Update10() => _workload.SbeDecodeL2Update();

    [Benchmark]
    [BenchmarkCategory("OrderEncode")]
    public int Sbe_EncodeNewOrder() => _workload.SbeEncodeNewOrder();

    [Benchmark]
    [BenchmarkCategory("OrderDecode")]
    public long Sbe_DecodeNewOrder() => _workload.SbeDecodeNewOrder();

    [Benchmark]
    [BenchmarkCategory("L2Encode")]
    public int Protobuf_EncodeL2Update10() => _workload.ProtobufEncodeL2Update();

    [Benchmark]
    [BenchmarkCategory("L2Decode")]
    public long Protobuf_DecodeL2Update10() => _workload.ProtobufDecodeL2Update();

    [Benchmark]
    [BenchmarkCategory("OrderEncode")]
    public int Protobuf_EncodeNewOrder() => _workload.ProtobufEncodeNewOrder();

    [Benchmark]
    [BenchmarkCategory("OrderDecode")]
    public long Protobuf_DecodeNewOrder() => _workload.ProtobufDecodeNewOrder();

    [Benchmark]
    [BenchmarkCategory("L2Encode")]
    public int Json_EncodeL2Update10() => _workload.JsonEncodeL2Update();

    [Benchmark]
    [BenchmarkCategory("L2Decode")]
    public long Json_DecodeL2Update10() => _workload.JsonDecodeL2Update();

    [Benchmark]
    [BenchmarkCategory("OrderEncode")]
    public int Json_EncodeNewOrder() => _workload.JsonEncodeNewOrder();

    [Benchmark]
    [BenchmarkCategory("OrderDecode")]
    public long Json_DecodeNewOrder() => _workload.JsonDecodeNewOrder();
}
