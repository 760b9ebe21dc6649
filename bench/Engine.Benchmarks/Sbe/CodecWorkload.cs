using System.Buffers;
using System.Text.Json;
using Engine.Benchmarks.Sbe.Json;
using Engine.Benchmarks.Sbe.Protobuf;
using Engine.Codecs;

namespace Engine.Benchmarks.Sbe;

/// <summary>
/// One workload, three encodings: an L2 update with 10 levels and a new order, encoded from the same source values
/// and decoded to a checksum, with SBE (generated Engine.Codecs), Google.Protobuf and System.Text.Json. Shared by the
/// BenchmarkDotNet class and the <c>sbe-codec</c> harness. Owned by one benchmark thread.
/// </summary>
public sealed class CodecWorkload
{
    public const int Levels = 10;

    private readonly long[] _prices = new long[Levels];
    private readonly long[] _quantities = new long[Levels];
    private readonly byte[] _sbeBuffer = new byte[1024];
    private readonly byte[] _sbeL2;
    private readonly byte[] _sbeOrder;
    private readonly byte[] _protoBuffer = new byte[1024];
    private readonly byte[] _protoL2;
    private readonly byte[] _protoOrder;
    private readonly ProtoL2Update _protoL2Message = new();
    private readonly ProtoNewOrder _protoOrderMessage = new();
    private readonly ArrayBufferWriter<byte> _jsonBuffer = new(2048);
    private readonly Utf8JsonWriter _jsonWriter;
    private readonly byte[] _jsonL2;
    private readonly byte[] _jsonOrder;
    private readonly JsonL2Update _jsonL2Message = new();
    private readonly JsonNewOrder _jsonOrderMessage = new();
    private ulong _sequence;

    public CodecWorkload()
    {
        for (int i = 0; i < Levels; i++)
        {
            _prices[i] = 6_000_000_000 + (i * 100);
            _quantities[i] = 1_000 * (i + 1);
            _protoL2Message.Levels.Add(new ProtoL2Level());
            _jsonL2Message.Levels.Add(new JsonL2Level());
        }

        _jsonWriter = new Utf8JsonWriter(_jsonBuffer);
        _sbeL2 = _sbeBuffer.AsSpan(0, SbeEncodeL2Update()).ToArray();
        _sbeOrder = _sbeBuffer.AsSpan(0, SbeEncodeNewOrder()).ToArray();
        _protoL2 = _protoBuffer.AsSpan(0, ProtobufEncodeL2Update()).ToArray();
        _protoOrder = _protoBuffer.AsSpan(0, ProtobufEncodeNewOrder()).ToArray();
        JsonEncodeL2Update();
        _jsonL2 = _jsonBuffer.WrittenSpan.ToArray();
        JsonEncodeNewOrder();
        _jsonOrder = _jsonBuffer.WrittenSpan.ToArray();
    }

    /// <summary>What every decode of the L2 update returns: the sum of prices and quantities.</summary>
    public long ExpectedL2Checksum
    {
        get
        {
            long sum = 0;
            for (int i = 0; i < Levels; i++)
            {
                sum += _prices[i] + _quantities[i];
            }

            return sum;
        }
    }

    /// <summary>What every decode of the new order returns.</summary>
    public static long ExpectedOrderChecksum => 6_000_000_100 + 42 + 2 + 5_000;

    public int SbeL2Length => _sbeL2.Length;

    public int ProtobufL2Length => _protoL2.Length;

    public int JsonL2Length => _jsonL2.Length;

    public int SbeEncodeL2Update()
    {
        var update = L2UpdateEncoder.WrapAndApplyHeader(_sbeBuffer, 0);
        update.ExchangeTime = 1_723_075_200_000_000_000;
        update.GatewayReceiveTime = 1_723_075_200_000_250_000;
        update.VenueSequence = ++_sequence;
        update.InstrumentId = 7;
        update.VenueId = 1;
        var levels = update.LevelsCount(Levels);
        for (int i = 0; i < Levels; i++)
        {
            levels.Next();
            levels.Price.SetMantissa(_prices[i]);
            levels.Quantity.SetMantissa(_quantities[i]);
            levels.Side = (i & 1) == 0 ? BookSide.Bid : BookSide.Ask;
            levels.Action = UpdateAction.Change;
        }

        return EngineCodecs.HeaderLength + update.EncodedLength;
    }

    public long SbeDecodeL2Update()
    {
        var update = L2UpdateDecoder.WrapWithHeader(_sbeL2, 0);
        long sum = 0;
        var levels = update.Levels();
        while (levels.MoveNext())
        {
            sum += levels.Price.Mantissa + levels.Quantity.Mantissa;
        }

        return sum;
    }

    public int SbeEncodeNewOrder()
    {
        var order = NewOrderEncoder.WrapAndApplyHeader(_sbeBuffer, 0);
        order.ClientOrderId = 42;
        order.AccountId = 9;
        order.Price.SetMantissa(6_000_000_100);
        order.StopPrice.SetMantissa(PriceOptionalEncoder.MantissaNullValue);
        order.Quantity.SetMantissa(5_000);
        order.ExpireTime = NewOrderEncoder.ExpireTimeNullValue;
        order.SendingTime = 1_723_075_200_000_000_000;
        order.InstrumentId = 7;
        order.StrategyId = 3;
        order.Side = Side.Sell;
        order.OrderType = OrderType.Limit;
        order.TimeInForce = TimeInForce.GoodTillCancel;
        order.Flags = OrderFlags.PostOnly;
        return EngineCodecs.HeaderLength + order.EncodedLength;
    }

    public long SbeDecodeNewOrder()
    {
        var order = NewOrderDecoder.WrapWithHeader(_sbeOrder, 0);
        return order.Price.Mantissa + (long)order.ClientOrderId + (long)order.Side + order.Quantity.Mantissa;
    }

    public int ProtobufEncodeL2Update()
    {
        ProtoL2Update update = _protoL2Message;
        update.VenueTime = 1_723_075_200_000_000_000;
        update.ReceiveTime = 1_723_075_200_000_250_000;
        update.VenueSequence = ++_sequence;
        update.InstrumentId = 7;
        update.VenueId = 1;
        for (int i = 0; i < Levels; i++)
        {
            ProtoL2Level level = update.Levels[i];
            level.Price = _prices[i];
            level.Quantity = _quantities[i];
            level.Side = (i & 1) == 0 ? 1 : 2;
            level.Action = 1;
        }

        int size = update.CalculateSize();
        Google.Protobuf.MessageExtensions.WriteTo(update, _protoBuffer.AsSpan(0, size));
        return size;
    }

    public long ProtobufDecodeL2Update()
    {
        ProtoL2Update update = ProtoL2Update.Parser.ParseFrom(_protoL2);
        long sum = 0;
        foreach (ProtoL2Level level in update.Levels)
        {
            sum += level.Price + level.Quantity;
        }

        return sum;
    }

    public int ProtobufEncodeNewOrder()
    {
        ProtoNewOrder order = _protoOrderMessage;
        order.ClientOrderId = 42;
        order.AccountId = 9;
        order.Price = 6_000_000_100;
        order.StopPrice = 0;
        order.Quantity = 5_000;
        order.ExpireTime = 0;
        order.SendingTime = 1_723_075_200_000_000_000;
        order.InstrumentId = 7;
        order.StrategyId = 3;
        order.Side = 2;
        order.OrderType = 2;
        order.TimeInForce = 1;
        order.Flags = 1;
        int size = order.CalculateSize();
        Google.Protobuf.MessageExtensions.WriteTo(order, _protoBuffer.AsSpan(0, size));
        return size;
    }

    public long ProtobufDecodeNewOrder()
    {
        ProtoNewOrder order = ProtoNewOrder.Parser.ParseFrom(_protoOrder);
        return order.Price + (long)order.ClientOrderId + order.Side + order.Quantity;
    }

    public int JsonEncodeL2Update()
    {
        JsonL2Update update = _jsonL2Message;
        update.VenueTime = 1_723_075_200_000_000_000;
        update.ReceiveTime = 1_723_075_200_000_250_000;
        update.VenueSequence = ++_sequence;
        update.InstrumentId = 7;
        update.VenueId = 1;
        for (int i = 0; i < Levels; i++)
        {
            JsonL2Level level = update.Levels[i];
            level.Price = _prices[i];
            level.Quantity = _quantities[i];
            level.Side = (i & 1) == 0 ? 1 : 2;
            level.Action = 1;
        }

        _jsonBuffer.ResetWrittenCount();
        _jsonWriter.Reset();
        JsonSerializer.Serialize(_jsonWriter, update);
        _jsonWriter.Flush();
        return _jsonBuffer.WrittenCount;
    }

    public long JsonDecodeL2Update()
    {
        JsonL2Update update = JsonSerializer.Deserialize<JsonL2Update>(_jsonL2)!;
        long sum = 0;
        foreach (JsonL2Level level in update.Levels)
        {
            sum += level.Price + level.Quantity;
        }

        return sum;
    }

    public int JsonEncodeNewOrder()
    {
        JsonNewOrder order = _jsonOrderMessage;
        order.ClientOrderId = 42;
        order.AccountId = 9;
        order.Price = 6_000_000_100;
        order.Quantity = 5_000;
        order.SendingTime = 1_723_075_200_000_000_000;
        order.InstrumentId = 7;
        order.StrategyId = 3;
        order.Side = 2;
        order.OrderType = 2;
        order.TimeInForce = 1;
        order.Flags = 1;
        _jsonBuffer.ResetWrittenCount();
        _jsonWriter.Reset();
        JsonSerializer.Serialize(_jsonWriter, order);
        _jsonWriter.Flush();
        return _jsonBuffer.WrittenCount;
    }

    public long JsonDecodeNewOrder()
    {
        JsonNewOrder order = JsonSerializer.Deserialize<JsonNewOrder>(_jsonOrder)!;
        return order.Price + (long)order.ClientOrderId + order.Side + order.Quantity;
    }
}
