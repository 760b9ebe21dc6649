using System.Text.Json;
using Engine.Sbe.Decoding;
using Engine.Sbe.Files;

namespace Engine.Codecs.Tests;

/// <summary>The engine's generated codecs write what they read back, and the schema-driven decoder agrees.</summary>
[TestFixture]
public sealed class EngineCodecRoundTripTests
{
    [Test]
    public void NewOrder_WithFlagsAndNullPrices_RoundTrips()
    {
        byte[] buffer = new byte[256];
        int length = MessageSamples.EncodeNewOrder(buffer, clientOrderId: 42);

        var order = NewOrderDecoder.WrapWithHeader(buffer, 0);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(length, Is.EqualTo(EngineCodecs.HeaderLength + NewOrderDecoder.BlockLength));
            Assert.That(order.ClientOrderId, Is.EqualTo(42UL));
            Assert.That(order.AccountId, Is.EqualTo(7UL));
            Assert.That(order.Price.Mantissa, Is.EqualTo(1_234_500L));
            Assert.That(order.StopPrice.Mantissa, Is.EqualTo(PriceOptionalDecoder.MantissaNullValue));
            Assert.That(order.Quantity.Mantissa, Is.EqualTo(3_000L));
            Assert.That(order.ExpireTime, Is.EqualTo(NewOrderDecoder.ExpireTimeNullValue));
            Assert.That(order.SendingTime, Is.EqualTo(1_700_000_000_000_000_000L));
            Assert.That(order.InstrumentId, Is.EqualTo(11U));
            Assert.That(order.StrategyId, Is.EqualTo(3U));
            Assert.That(order.Side, Is.EqualTo(Side.Sell));
            Assert.That(order.OrderType, Is.EqualTo(OrderType.Limit));
            Assert.That(order.TimeInForce, Is.EqualTo(TimeInForce.GoodTillCancel));
            Assert.That(order.Flags, Is.EqualTo(OrderFlags.PostOnly | OrderFlags.ReduceOnly));
        }
    }

    [Test]
    public void L2Update_WithTenLevels_RoundTripsEveryLevel()
    {
        byte[] buffer = new byte[512];
        int length = MessageSamples.EncodeL2Update(buffer, levels: 10, sequence: 99);

        var update = L2UpdateDecoder.WrapWithHeader(buffer, 0);
        Assert.That(update.VenueSequence, Is.EqualTo(99UL));
        var levels = update.Levels();
        Assert.That(levels.Count, Is.EqualTo(10));
        int i = 0;
        while (levels.MoveNext())
        {
            Assert.That(levels.Price.Mantissa, Is.EqualTo(100_000L + i));
            Assert.That(levels.Quantity.Mantissa, Is.EqualTo(10L * (i + 1)));
            Assert.That(levels.Side, Is.EqualTo(i % 2 == 0 ? BookSide.Bid : BookSide.Ask));
            Assert.That(levels.Action, Is.EqualTo(i == 9 ? UpdateAction.Delete : UpdateAction.Change));
            i++;
        }

        Assert.That(i, Is.EqualTo(10));
        Assert.That(EngineCodecs.HeaderLength + update.EncodedLength, Is.EqualTo(length));
    }

    [TestCase(OrderStatus.New, ExecType.New)]
    [TestCase(OrderStatus.PartiallyFilled, ExecType.Trade)]
    [TestCase(OrderStatus.Filled, ExecType.Trade)]
    [TestCase(OrderStatus.Canceled, ExecType.Canceled)]
    [TestCase(OrderStatus.Replaced, ExecType.Replaced)]
    [TestCase(OrderStatus.PendingCancel, ExecType.PendingCancel)]
    [TestCase(OrderStatus.Rejected, ExecType.Rejected)]
    [TestCase(OrderStatus.Suspended, ExecType.Suspended)]
    [TestCase(OrderStatus.PendingNew, ExecType.PendingNew)]
    [TestCase(OrderStatus.Expired, ExecType.Expired)]
    [TestCase(OrderStatus.PendingReplace, ExecType.PendingReplace)]
    public void ExecutionReport_EveryOrderState_RoundTrips(OrderStatus status, ExecType execType)
    {
        byte[] buffer = new byte[256];
        var report = ExecutionReportEncoder.WrapAndApplyHeader(buffer, 0);
        report.OrderId = 5;
        report.ExecType = execType;
        report.OrderStatus = status;
        report.RejectReason = status == OrderStatus.Rejected ? ResultCode.PostOnlyWouldTake : ResultCode.NullValue;
        report.LastPrice.SetMantissa(status == OrderStatus.Filled ? 77 : PriceOptionalEncoder.MantissaNullValue);
        report.IsMaker = BooleanType.True;

        var decoded = ExecutionReportDecoder.WrapWithHeader(buffer, 0);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decoded.OrderStatus, Is.EqualTo(status));
            Assert.That(decoded.ExecType, Is.EqualTo(execType));
            Assert.That(decoded.RejectReason, Is.EqualTo(status == OrderStatus.Rejected ? ResultCode.PostOnlyWouldTake : ResultCode.NullValue));
            Assert.That(decoded.LastPrice.Mantissa, Is.EqualTo(status == OrderStatus.Filled ? 77 : PriceOptionalDecoder.MantissaNullValue));
            Assert.That(decoded.IsMaker, Is.EqualTo(BooleanType.True));
        }
    }

    [Test]
    public void ExecutionReport_CarriesTheVenuesText_AndAVersion3ReportReadsAsNoText()
    {
        byte[] buffer = new byte[256];
        var report = ExecutionReportEncoder.WrapAndApplyHeader(buffer, 0);
        report.ExecType = ExecType.Rejected;
        report.RejectReason = ResultCode.VenueInsufficientBalance;
        report.SetText("-2010 Account has insufficient balance for requested action.");

        var decoded = ExecutionReportDecoder.WrapWithHeader(buffer, 0);
        Assert.That(decoded.TextAsString(), Is.EqualTo("-2010 Account has insufficient balance for requested action."));

        // A journal written before version 4 has no text after the block: readers see none instead of reading past it.
        new MessageHeaderEncoder(buffer, 0).Version = 3;
        byte[] version3 = buffer.AsSpan(0, EngineSchema.HeaderLength + ExecutionReportEncoder.BlockLength).ToArray();
        Assert.That(ExecutionReportDecoder.WrapWithHeader(version3, 0).Text().Length, Is.Zero);
    }

    [Test]
    public void Reject_WithReasonText_RoundTripsTheText()
    {
        byte[] buffer = new byte[256];
        var reject = RejectEncoder.WrapAndApplyHeader(buffer, 0);
        reject.ClientOrderId = 9;
        reject.RefTemplateId = NewOrderEncoder.TemplateId;
        reject.Reason = ResultCode.MaxPositionSize;
        reject.SetText("position limit 100 BTC exceeded");

        var decoded = RejectDecoder.WrapWithHeader(buffer, 0);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decoded.Reason, Is.EqualTo(ResultCode.MaxPositionSize));
            Assert.That((int)decoded.Reason, Is.EqualTo(2003));
            Assert.That(decoded.RefTemplateId, Is.EqualTo((ushort)200));
            Assert.That(decoded.TextAsString(), Is.EqualTo("position limit 100 BTC exceeded"));
        }
    }

    [Test]
    public void StrategyParameterChange_TwoVarStrings_ReadBackInOrder()
    {
        byte[] buffer = new byte[256];
        var change = StrategyParameterChangeEncoder.WrapAndApplyHeader(buffer, 0);
        change.StrategyId = 4;
        change.PrincipalId = 1001;
        change.SetName("spread_bps");
        change.SetValue("12.5");
        int length = EngineCodecs.HeaderLength + change.EncodedLength;

        var decoded = StrategyParameterChangeDecoder.WrapWithHeader(buffer.AsSpan(0, length), 0);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decoded.PrincipalId, Is.EqualTo(1001U));
            Assert.That(decoded.NameAsString(), Is.EqualTo("spread_bps"));
            Assert.That(decoded.ValueAsString(), Is.EqualTo("12.5"));
            Assert.That(EngineCodecs.HeaderLength + decoded.EncodedLength, Is.EqualTo(length));
        }
    }

    [Test]
    public void StateHashCheckpoint_FourWordHash_RoundTrips()
    {
        byte[] buffer = new byte[128];
        var checkpoint = StateHashCheckpointEncoder.WrapAndApplyHeader(buffer, 0);
        checkpoint.JournalSequence = 123;
        for (int i = 0; i < StateHashCheckpointEncoder.StateHashLength; i++)
        {
            checkpoint.SetStateHash(i, 0x0102030405060708UL * (ulong)(i + 1));
        }

        var decoded = StateHashCheckpointDecoder.WrapWithHeader(buffer, 0);

        Assert.That(decoded.StateHash(3), Is.EqualTo(0x0102030405060708UL * 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => StateHashCheckpointDecoder.WrapWithHeader(buffer, 0).StateHash(4));
    }

    [Test]
    public void Decoder_WrongTemplate_IsRejected()
    {
        byte[] buffer = new byte[256];
        MessageSamples.EncodeNewOrder(buffer, clientOrderId: 1);

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => L2UpdateDecoder.WrapWithHeader(buffer, 0))!;

        Assert.That(e.Message, Is.EqualTo("SBE header templateId 200 is not L2Update (102)"));
    }

    [Test]
    public void Decoder_GroupCountBeyondBuffer_IsRejectedBeforeReading()
    {
        byte[] buffer = new byte[512];
        int length = MessageSamples.EncodeL2Update(buffer, levels: 10, sequence: 1);

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => L2UpdateDecoder.WrapWithHeader(buffer.AsSpan(0, length - 1), 0).Levels())!;

        Assert.That(e.Message, Does.StartWith("SBE group levels of 10 entries needs"));
    }

    [Test]
    public void Decoder_GroupEntriesShorterThanTheirFields_AreRejected_NotReadAcrossEntries()
    {
        byte[] buffer = new byte[512];
        MessageSamples.EncodeL2Update(buffer, levels: 10, sequence: 1);

        // The group's block length says 10 bytes per entry; this version's entries have 18 bytes of fields.
        int groupHeader = EngineCodecs.HeaderLength + L2UpdateDecoder.BlockLength;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(groupHeader), 10);

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => L2UpdateDecoder.WrapWithHeader(buffer, 0).Levels())!;

        Assert.That(e.Message, Is.EqualTo($"SBE group levels block length 10 is shorter than its fields in version {EngineSchema.Version}"));
    }

    [Test]
    public void Encoder_GroupCountBeyondBuffer_IsRejectedBeforeWriting()
    {
        byte[] buffer = new byte[EngineCodecs.HeaderLength + L2UpdateEncoder.BlockLength + 4 + (3 * 18)];

        InvalidDataException e = Assert.Throws<InvalidDataException>(() => L2UpdateEncoder.WrapAndApplyHeader(buffer, 0).LevelsCount(4))!;

        Assert.That(e.Message, Does.StartWith("SBE group levels of 4 entries needs"));
        var update = L2UpdateEncoder.WrapAndApplyHeader(buffer, 0);
        Assert.That(update.LevelsCount(3).Count, Is.EqualTo(3));
        Assert.That(update.EncodedLength, Is.EqualTo(L2UpdateEncoder.BlockLength + 4 + (3 * 18)), "a flat group's length is known once its count is");
    }

    [Test]
    public void Encoder_BufferTooSmall_IsRejected()
    {
        byte[] buffer = new byte[20];

        Assert.Throws<InvalidDataException>(() => NewOrderEncoder.WrapAndApplyHeader(buffer, 0));
    }

    [Test]
    public void SchemaDrivenDecoder_EngineL2Update_ShowsPricesAsMantissaObjectsAndEnumsByName()
    {
        byte[] buffer = new byte[512];
        int length = MessageSamples.EncodeL2Update(buffer, levels: 2, sequence: 5);
        var decoder = new SchemaDrivenDecoder(FileSchemaSource.Load(RepositoryFile("schemas", "engine-schema.xml")));

        using JsonDocument json = JsonDocument.Parse(decoder.Decode(buffer.AsSpan(0, length), 0).Json);

        JsonElement root = json.RootElement;
        JsonElement level = root.GetProperty("fields").GetProperty("levels")[1];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(root.GetProperty("name").GetString(), Is.EqualTo("L2Update"));
            Assert.That(root.GetProperty("schemaId").GetInt32(), Is.EqualTo(100));
            Assert.That(level.GetProperty("price").GetProperty("mantissa").GetInt64(), Is.EqualTo(100_001));
            Assert.That(level.GetProperty("side").GetString(), Is.EqualTo("Ask"));
            Assert.That(level.GetProperty("action").GetString(), Is.EqualTo("Change"));
        }
    }

    private static string RepositoryFile(params string[] parts)
    {
        string? directory = TestContext.CurrentContext.TestDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Engine.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        Assert.That(directory, Is.Not.Null, "repository root");
        return Path.Combine([directory!, .. parts]);
    }
}
