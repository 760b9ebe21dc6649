using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Engine.Codecs;
using Engine.Gateways.Venues.Binance;
using Engine.Gateways.Venues.Binance.OrderEntry;
using Engine.Gateways.Venues.Deribit.OrderEntry;
using Engine.Gateways.Venues.OrderEntry;
using Engine.PerfTests.Harnesses.Platform;

namespace Engine.PerfTests.Harnesses.OrderEntry;

/// <summary>
/// order-entry: from an engine NewOrder frame as it arrives on egress to the bytes of the venue's signed request,
/// ready for the connection to write (egress decode, venue parameters, HMAC-SHA256, HTTP/1.1 head), one order at a
/// time, per venue (Binance spot, USD-M; OKX in <see cref="OkxOrderEntryRow"/>). Baseline, same run, same orders: what a first implementation writes, the query built by string
/// concatenation and interpolation, <c>HMACSHA256.HashData</c> and <c>Convert.ToHexStringLower</c>, an
/// <c>HttpRequestMessage</c> with the key header and a <c>StringContent</c> body whose bytes are read out (the
/// nearest the framework gets to "bytes ready to write" without a socket). Each order is timed alone (the clock read,
/// ~25 ns, is included); a second of warm-up first (tiered JIT).
/// Verified: every request is signed correctly (checked against an independent HMAC on a sample), and the measured
/// loop of our writer allocated 0 bytes.
/// Deribit (<c>order-entry-deribit</c>): the same frames to the JSON-RPC <c>private/buy|sell</c> bytes (no signature:
/// the connection is authenticated once); baseline a <c>JsonObject</c> serialized with <c>JsonSerializer</c>.
/// </summary>
public sealed class OrderEntryHarness : IHarness
{
    private const string Secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private const string ApiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    private const ushort VenueId = 3;
    private const uint InstrumentId = 1;
    private const int Frames = 1024;

    public string Name => "order-entry";

    public string Description => "egress NewOrder frame -> signed venue request bytes, per venue; baseline: string concatenation + HttpRequestMessage";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int orders = context.Quick ? 200_000 : 2_000_000;
        HostStalls stalls = HostStalls.Measure(TimeSpan.FromSeconds(1));
        context.Log.WriteLine($"  machine: {stalls}");
        byte[][] frames = BuildFrames();
        foreach ((string name, BinanceMarket market, string host, string path) in new[]
        {
            ("binance-spot", BinanceMarket.Spot, "api.binance.com", "/api/v3/order"),
            ("binance-usdm", BinanceMarket.UsdM, "fapi.binance.com", "/fapi/v1/order"),
            ("okx", BinanceMarket.Spot, "www.okx.com", "/api/v5/trade/order"),
        })
        {
            // OKX's row: its own writer (JSON body, Base64 signature, OK-ACCESS-* head) and baseline.
            bool okx = name == "okx";
            (LatencyRecorder ours, long allocated, LatencyRecorder signing) = okx
                ? OkxOrderEntryRow.Measure(VenueId, InstrumentId, frames, orders)
                : MeasureWriter(market, host, frames, orders);
            (LatencyRecorder baseline, long baselineAllocated) = okx
                ? OkxOrderEntryRow.MeasureBaseline(frames, orders / 4)
                : MeasureBaseline(host, path, frames, orders / 4);
            var extra = new Dictionary<string, double>
            {
                ["p50ns"] = ours.PercentileNanoseconds(50),
                ["p90ns"] = ours.PercentileNanoseconds(90),
                ["p99ns"] = ours.PercentileNanoseconds(99),
                ["p99_9ns"] = ours.PercentileNanoseconds(99.9),
                ["allocatedBytesPerOrder"] = (double)allocated / orders,
                ["signatureOnlyP50ns"] = signing.PercentileNanoseconds(50),
                ["baselineP50ns"] = baseline.PercentileNanoseconds(50),
                ["baselineAllocatedBytesPerOrder"] = (double)baselineAllocated / (orders / 4),
                ["baselineP99ns"] = baseline.PercentileNanoseconds(99),
                ["count"] = ours.Count,
            };
            stalls.AddTo(extra);
            context.Log.WriteLine(
                $"  {name}: p50 {extra["p50ns"]} ns, p99 {extra["p99ns"]} ns, p99.9 {extra["p99_9ns"]} ns, {extra["allocatedBytesPerOrder"]} B/order (the HMAC alone: p50 {extra["signatureOnlyP50ns"]} ns); baseline p50 {extra["baselineP50ns"]} ns, p99 {extra["baselineP99ns"]} ns, {extra["baselineAllocatedBytesPerOrder"]:F0} B/order");
            context.Report(new HarnessResult($"{Name}-{name}", ours.PercentileNanoseconds(99), "ns per order (p99)", "string-concat-httprequestmessage", baseline.PercentileNanoseconds(99))
            {
                Extra = extra,
            });
        }

        RunDeribit(context, stalls, frames, orders);
    }

    private static void RunDeribit(HarnessContext context, HostStalls stalls, byte[][] frames, int orders)
    {
        var writer = new DeribitRequestWriter("e");
        var reader = new EgressOrderReader(VenueId, [new OrderEntryInstrument("BTC-PERPETUAL", InstrumentId, VenueId, 1, 0)]);
        var order = default(VenueOrder);
        long validUntil = 1_700_000_000_000;
        long written = 0;
        var warmUp = Stopwatch.StartNew();
        for (int i = 0; warmUp.ElapsedMilliseconds < 1_000 || i < 10_000; i++)
        {
            reader.TryReadNewOrder(frames[i & (Frames - 1)], ref order);
            writer.WriteNewOrder(i, in order, validUntil + i);
        }

        using (var check = System.Text.Json.JsonDocument.Parse(writer.Request))
        {
            System.Text.Json.JsonElement parameters = check.RootElement.GetProperty("params");
            if (parameters.GetProperty("instrument_name").GetString() != "BTC-PERPETUAL" || parameters.GetProperty("label").GetString() != "e" + order.ClientOrderId.ToString(CultureInfo.InvariantCulture))
            {
                throw new HarnessVerificationException($"the Deribit request is not the order: {Encoding.UTF8.GetString(writer.Request.Span)}");
            }
        }

        var ours = new LatencyRecorder();
        for (int i = 0; i < orders; i++)
        {
            long start = Stopwatch.GetTimestamp();
            reader.TryReadNewOrder(frames[i & (Frames - 1)], ref order);
            writer.WriteNewOrder(i, in order, validUntil + i);
            long end = Stopwatch.GetTimestamp();
            written += writer.Request.Length;
            ours.RecordTicks(end - start);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < orders; i++)
        {
            reader.TryReadNewOrder(frames[i & (Frames - 1)], ref order);
            writer.WriteNewOrder(i, in order, validUntil + i);
            written += writer.Request.Length;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated != 0 || written == 0)
        {
            throw new HarnessVerificationException($"writing {orders} Deribit orders allocated {allocated} bytes ({written} written)");
        }

        var baseline = new LatencyRecorder();
        int baselineOrders = orders / 4;
        for (int i = 0; i < 10_000; i++)
        {
            written += DeribitBaselineRequest(frames[i & (Frames - 1)], i, validUntil + i);
        }

        for (int i = 0; i < baselineOrders; i++)
        {
            long start = Stopwatch.GetTimestamp();
            written += DeribitBaselineRequest(frames[i & (Frames - 1)], i, validUntil + i);
            baseline.RecordTicks(Stopwatch.GetTimestamp() - start);
        }

        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < baselineOrders; i++)
        {
            written += DeribitBaselineRequest(frames[i & (Frames - 1)], i, validUntil + i);
        }

        long baselineAllocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var extra = new Dictionary<string, double>
        {
            ["p50ns"] = ours.PercentileNanoseconds(50),
            ["p90ns"] = ours.PercentileNanoseconds(90),
            ["p99ns"] = ours.PercentileNanoseconds(99),
            ["p99_9ns"] = ours.PercentileNanoseconds(99.9),
            ["allocatedBytesPerOrder"] = (double)allocated / orders,
            ["baselineP50ns"] = baseline.PercentileNanoseconds(50),
            ["baselineP99ns"] = baseline.PercentileNanoseconds(99),
            ["baselineAllocatedBytesPerOrder"] = (double)baselineAllocated / baselineOrders,
            ["count"] = ours.Count,
        };
        stalls.AddTo(extra);
        context.Log.WriteLine(
            $"  deribit: p50 {extra["p50ns"]} ns, p99 {extra["p99ns"]} ns, p99.9 {extra["p99_9ns"]} ns, {extra["allocatedBytesPerOrder"]} B/order; baseline p50 {extra["baselineP50ns"]} ns, p99 {extra["baselineP99ns"]} ns, {extra["baselineAllocatedBytesPerOrder"]:F0} B/order");
        context.Report(new HarnessResult("order-entry-deribit", ours.PercentileNanoseconds(99), "ns per order (p99)", "jsonobject-jsonserializer", baseline.PercentileNanoseconds(99))
        {
            Extra = extra,
        });
    }

    /// <summary>What a first Deribit client writes: a <c>JsonObject</c> of the order, serialized.</summary>
    private static int DeribitBaselineRequest(byte[] frame, long id, long validUntil)
    {
        var order = NewOrderDecoder.WrapWithHeader(frame, 0);
        var request = new System.Text.Json.Nodes.JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["method"] = order.Side == Side.Sell ? "private/sell" : "private/buy",
            ["params"] = new System.Text.Json.Nodes.JsonObject
            {
                ["instrument_name"] = "BTC-PERPETUAL",
                ["amount"] = (decimal)order.Quantity.Mantissa,
                ["type"] = "limit",
                ["price"] = order.Price.Mantissa / 10m,
                ["time_in_force"] = "good_til_cancelled",
                ["label"] = "e" + order.ClientOrderId.ToString(CultureInfo.InvariantCulture),
                ["valid_until"] = validUntil,
            },
        };
        return System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(request).Length;
    }

    private static (LatencyRecorder Recorder, long Allocated, LatencyRecorder Signing) MeasureWriter(BinanceMarket market, string host, byte[][] frames, int orders)
    {
        using var signer = new HmacSha256Signer(Encoding.ASCII.GetBytes(Secret));
        var writer = new BinanceRequestWriter(market, host, ApiKey, signer, "eng1-");
        var reader = new EgressOrderReader(VenueId, [new OrderEntryInstrument("BTCUSDT", InstrumentId, VenueId, 2, 8)]);
        var order = default(VenueOrder);
        long timestamp = 1_700_000_000_000;
        long written = 0;
        var warmUp = Stopwatch.StartNew();
        for (int i = 0; warmUp.ElapsedMilliseconds < 1_000 || i < 10_000; i++)
        {
            reader.TryReadNewOrder(frames[i & (Frames - 1)], ref order);
            writer.WriteNewOrder(in order, timestamp + i);
        }

        Verify(writer);
        var recorder = new LatencyRecorder();
        for (int i = 0; i < orders; i++)
        {
            long start = Stopwatch.GetTimestamp();
            reader.TryReadNewOrder(frames[i & (Frames - 1)], ref order);
            writer.WriteNewOrder(in order, timestamp + i);
            long end = Stopwatch.GetTimestamp();
            written += writer.Request.Length;
            recorder.RecordTicks(end - start);
        }

        // Allocation measured on its own loop: the histogram is not the writer's.
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < orders; i++)
        {
            reader.TryReadNewOrder(frames[i & (Frames - 1)], ref order);
            writer.WriteNewOrder(in order, timestamp + i);
            written += writer.Request.Length;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The HMAC alone over the same parameters: how much of an order is the signature.
        byte[] signed = writer.SignedParameters[..writer.SignedParameters.IndexOf("&signature="u8)].ToArray();
        var signing = new LatencyRecorder();
        Span<byte> hex = stackalloc byte[HmacSha256Signer.HexLength];
        for (int i = 0; i < orders / 4; i++)
        {
            long start = Stopwatch.GetTimestamp();
            signer.Append(signed);
            signer.FinishHex(hex);
            signing.RecordTicks(Stopwatch.GetTimestamp() - start);
        }

        if (written == 0)
        {
            throw new HarnessVerificationException("no request was written");
        }

        if (allocated != 0)
        {
            throw new HarnessVerificationException($"writing {orders} signed orders allocated {allocated} bytes");
        }

        return (recorder, allocated, signing);
    }

    private static (LatencyRecorder Recorder, long Allocated) MeasureBaseline(string host, string path, byte[][] frames, int orders)
    {
        byte[] secret = Encoding.ASCII.GetBytes(Secret);
        var uri = new Uri("https://" + host + path);
        var recorder = new LatencyRecorder();
        long timestamp = 1_700_000_000_000;
        long written = 0;
        var warmUp = Stopwatch.StartNew();
        for (int i = 0; warmUp.ElapsedMilliseconds < 1_000 || i < 10_000; i++)
        {
            written += BaselineRequest(frames[i & (Frames - 1)], secret, uri, timestamp + i);
        }

        for (int i = 0; i < orders; i++)
        {
            long start = Stopwatch.GetTimestamp();
            written += BaselineRequest(frames[i & (Frames - 1)], secret, uri, timestamp + i);
            recorder.RecordTicks(Stopwatch.GetTimestamp() - start);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < orders; i++)
        {
            written += BaselineRequest(frames[i & (Frames - 1)], secret, uri, timestamp + i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        return written == 0 ? throw new HarnessVerificationException("the baseline wrote nothing") : (recorder, allocated);
    }

    private static int BaselineRequest(byte[] frame, byte[] secret, Uri uri, long timestamp)
    {
        var order = NewOrderDecoder.WrapWithHeader(frame, 0);
        string side = order.Side == Side.Sell ? "SELL" : "BUY";
        string price = (order.Price.Mantissa / 100m).ToString(CultureInfo.InvariantCulture);
        string quantity = (order.Quantity.Mantissa / 100_000_000m).ToString(CultureInfo.InvariantCulture);
        string query = "symbol=BTCUSDT&side=" + side + "&type=LIMIT&timeInForce=GTC&quantity=" + quantity + "&price=" + price
            + "&newClientOrderId=eng1-" + order.ClientOrderId.ToString(CultureInfo.InvariantCulture) + "&newOrderRespType=ACK&recvWindow=5000&timestamp="
            + timestamp.ToString(CultureInfo.InvariantCulture);
        string signature = Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(query)));
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent(query + "&signature=" + signature, Encoding.UTF8, new MediaTypeHeaderValue("application/x-www-form-urlencoded")),
        };
        request.Headers.Add("X-MBX-APIKEY", ApiKey);
        return request.Content.ReadAsByteArrayAsync().GetAwaiter().GetResult().Length;
    }

    /// <summary>The last request's signature against an independent HMAC of what precedes it.</summary>
    private static void Verify(BinanceRequestWriter writer)
    {
        string parameters = Encoding.ASCII.GetString(writer.SignedParameters);
        int at = parameters.IndexOf("&signature=", StringComparison.Ordinal);
        string expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.ASCII.GetBytes(Secret), Encoding.ASCII.GetBytes(parameters[..at])));
        if (at < 0 || parameters[(at + "&signature=".Length)..] != expected)
        {
            throw new HarnessVerificationException($"the request is not signed correctly: {parameters}");
        }
    }

    /// <summary>Distinct orders (ids, sides, prices, sizes) so nothing is cached between iterations.</summary>
    private static byte[][] BuildFrames()
    {
        var frames = new byte[Frames][];
        for (int i = 0; i < Frames; i++)
        {
            byte[] buffer = new byte[MessageHeaderEncoder.EncodedLength + NewOrderEncoder.BlockLength];
            var order = NewOrderEncoder.WrapAndApplyHeader(buffer, 0);
            order.ClientOrderId = 1_000_000_000UL + (ulong)i;
            order.AccountId = 7;
            order.Price.SetMantissa(6_000_000 + (i * 37 % 5_000));
            order.StopPrice.SetMantissa(PriceOptionalEncoder.MantissaNullValue);
            order.Quantity.SetMantissa(100_000 + (i * 1_000));
            order.ExpireTime = NewOrderEncoder.ExpireTimeNullValue;
            order.SendingTime = 1;
            order.InstrumentId = InstrumentId;
            order.StrategyId = 1;
            order.Side = (i & 1) == 0 ? Side.Buy : Side.Sell;
            order.OrderType = OrderType.Limit;
            order.TimeInForce = TimeInForce.GoodTillCancel;
            order.Flags = 0;
            order.VenueId = VenueId;
            order.TriggerTime = NewOrderEncoder.TriggerTimeNullValue;
            frames[i] = buffer;
        }

        return frames;
    }
}
