using Engine.Sbe.Schema;

namespace Engine.Codecs.Tests;

/// <summary>The message catalog agrees with the schema it describes: every message in it, nothing else, and kinds that match the messages' fields.</summary>
public sealed class MessageCatalogTests
{
    private static readonly MessageSchema s_schema = SchemaLoader.Load(EngineSchemaFiles.MainFile, new EmbeddedSource());

    [Test]
    public void EveryMessageOfTheSchema_IsCatalogued_AndNothingElse()
    {
        Assert.That(MessageCatalog.TemplateIds, Is.EquivalentTo(s_schema.Messages.Select(m => m.Id)));
        Assert.That(MessageCatalog.TemplateIds, Is.Ordered, "in id order");
        foreach (MessageDefinition message in s_schema.Messages)
        {
            Assert.That(MessageCatalog.KindOf(message.Id), Is.Not.EqualTo(MessageKind.None), $"{message.Name} ({message.Id}) has no kind");
        }

        Assert.That(MessageCatalog.KindOf(999), Is.EqualTo(MessageKind.None));
    }

    [Test]
    public void EveryMessage_IsAnInputOrAnOutput_AndOnlyInputsComeFromGatewaysOrTheEngine()
    {
        foreach (MessageDefinition message in s_schema.Messages)
        {
            MessageKind kind = MessageCatalog.KindOf(message.Id);
            Assert.That(kind & (MessageKind.Input | MessageKind.Output), Is.Not.EqualTo(MessageKind.None), message.Name);
            bool origin = (kind & (MessageKind.FromGateway | MessageKind.EngineMade)) != 0;
            Assert.That(origin, Is.EqualTo(kind.HasFlag(MessageKind.Input)), $"{message.Name}: an input says where it comes from, an output does not");
            Assert.That(kind.HasFlag(MessageKind.FromGateway) && kind.HasFlag(MessageKind.EngineMade), Is.False, $"{message.Name}: one origin");
        }
    }

    [Test]
    public void MarketData_StartsWithTheExchangeTime_AndNamesItsVenue()
    {
        foreach (MessageDefinition message in s_schema.Messages.Where(m => MessageCatalog.IsMarketData(m.Id)))
        {
            FieldDefinition first = message.Fields[0];
            Assert.That((first.Name, first.Offset, first.Type.EncodedLength), Is.EqualTo(("exchangeTime", 0, 8)), message.Name);
            Assert.That(message.Fields.Select(f => f.Name), Does.Contain("venueId").And.Contain("gatewayReceiveTime"), message.Name);
        }
    }

    [Test]
    public void AdminCommands_NameWhoAskedAndWhen()
    {
        foreach (MessageDefinition message in s_schema.Messages.Where(m => MessageCatalog.IsAdmin(m.Id)))
        {
            string[] fields = [.. message.Fields.Select(f => f.Name)];
            bool named = (fields.Contains("principalId") && fields.Contains("requestTime")) || (message.Name == "CancelAll" && fields.Contains("sendingTime"));
            Assert.That(named, Is.True, $"{message.Name}: the AdminResult echoes its principal and request time");
        }
    }

    [Test]
    public void OrderRequests_NameTheVenueTheyGoTo()
    {
        string[] requests = [.. s_schema.Messages.Where(m => MessageCatalog.IsOrderRequest(m.Id)).Select(m => m.Name)];
        Assert.That(requests, Is.EquivalentTo(new[] { "NewOrder", "CancelOrder", "AmendOrder", "CancelAll" }));
        foreach (MessageDefinition message in s_schema.Messages.Where(m => MessageCatalog.IsOrderRequest(m.Id)))
        {
            FieldDefinition venue = message.Fields.Single(f => f.Name == "venueId");
            Assert.That(venue.SinceVersion, Is.EqualTo(2), $"{message.Name}: appended in version 2");
        }
    }

    private sealed class EmbeddedSource : SchemaSource
    {
        public override string? ReadText(string path) => EngineSchemaFiles.ReadText(Path.GetFileName(path));
    }
}
