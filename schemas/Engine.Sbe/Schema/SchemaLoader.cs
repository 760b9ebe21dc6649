using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Engine.Sbe.Schema;

/// <summary>
/// Reads an SBE 1.0 XML message schema (following <c>xi:include</c> relative to the including file), resolves its
/// types and layouts, and validates it. Every problem is a <see cref="SchemaException"/> naming file, line and problem.
/// One loader instance loads one schema on one thread; the result is immutable.
/// </summary>
public sealed partial class SchemaLoader
{
    private const string XIncludeNamespace = "http://www.w3.org/2001/XInclude";
    private const int MaxIncludeDepth = 16;

    private readonly SchemaSource _source;
    private readonly SchemaLoadOptions _options;
    private readonly Dictionary<string, Declaration> _declarations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SbeType> _resolved = new(StringComparer.Ordinal);
    private readonly HashSet<string> _resolving = new(StringComparer.Ordinal);
    private readonly List<SbeType> _typeOrder = [];
    private readonly HashSet<string> _typeNames = new(StringComparer.Ordinal);
    private readonly List<SchemaWarning> _warnings = new();
    private int _schemaVersion;

    private SchemaLoader(SchemaSource source, SchemaLoadOptions options)
    {
        _source = source;
        _options = options;
    }

    /// <summary>Loads and validates the schema at <paramref name="path"/>, reading it and its includes through <paramref name="source"/>.</summary>
    public static MessageSchema Load(string path, SchemaSource source, SchemaLoadOptions? options = null)
    {
        if (source is null)
        {
            throw new ArgumentNullException(nameof(source));
        }

        string? text = source.ReadText(path);
        if (text is null)
        {
            throw new SchemaException(new SchemaLocation(path, 0), "schema file not found");
        }

        return new SchemaLoader(source, options ?? SchemaLoadOptions.Default).LoadSchema(path, text);
    }

    /// <summary>True when the text's root element is a <c>messageSchema</c> (not a fragment meant for inclusion).</summary>
    public static bool IsSchemaDocument(string text)
    {
        try
        {
            XDocument document = XDocument.Parse(text);
            return document.Root is not null && document.Root.Name.LocalName == "messageSchema";
        }
        catch (XmlException)
        {
            // A broken file is reported when it is loaded as a schema; as a candidate it is simply not one.
            return text.Contains("messageSchema");
        }
    }

    private MessageSchema LoadSchema(string path, string text)
    {
        XElement root = Parse(path, text);
        var rootLocation = Locate(root, path);
        if (root.Name.LocalName != "messageSchema")
        {
            throw new SchemaException(rootLocation, "root element is <" + root.Name.LocalName + ">, expected <messageSchema>");
        }

        string package = OptionalAttribute(root, "package") ?? string.Empty;
        int id = IntAttribute(root, path, "id", required: true, defaultValue: 0, max: ushort.MaxValue);
        _schemaVersion = IntAttribute(root, path, "version", required: false, defaultValue: 0, max: ushort.MaxValue);
        string byteOrderText = OptionalAttribute(root, "byteOrder") ?? "littleEndian";
        ByteOrder byteOrder = byteOrderText switch
        {
            "littleEndian" => ByteOrder.LittleEndian,
            "bigEndian" => ByteOrder.BigEndian,
            _ => throw new SchemaException(rootLocation, "byteOrder '" + byteOrderText + "' is neither littleEndian nor bigEndian"),
        };
        string headerType = OptionalAttribute(root, "headerType") ?? "messageHeader";

        var children = new List<Located>();
        Expand(root, path, children, 0);

        // Pass 1: declare every type by name, so declaration order does not matter.
        foreach (Located child in children)
        {
            if (child.Element.Name.LocalName != "types")
            {
                continue;
            }

            foreach (XElement declaration in child.Element.Elements())
            {
                Declare(declaration, child.File);
            }
        }

        // Pass 2: resolve them all (in declaration order, which is also the order the emitter writes them).
        foreach (Declaration declaration in _declarations.Values.OrderBy(d => d.Order))
        {
            Resolve(declaration.Name, declaration.Location);
        }

        if (!_resolved.TryGetValue(headerType, out SbeType? headerCandidate) || headerCandidate is not CompositeType header)
        {
            throw new SchemaException(rootLocation, "header type '" + headerType + "' is not a composite declared in the schema");
        }

        RequireUnsignedMember(header, "blockLength", header.Location, "message header");
        RequireUnsignedMember(header, "templateId", header.Location, "message header");
        RequireUnsignedMember(header, "schemaId", header.Location, "message header");
        RequireUnsignedMember(header, "version", header.Location, "message header");
        ulong maxTemplateId = ((EncodedType)header.Find("templateId")!.Type).MaxValue;

        var messages = new List<MessageDefinition>();
        var messageIds = new Dictionary<int, string>();
        var messageNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (Located child in children)
        {
            string name = child.Element.Name.LocalName;
            if (name == "types")
            {
                continue;
            }

            if (name != "message")
            {
                throw new SchemaException(Locate(child.Element, child.File), "unexpected element <" + name + "> in messageSchema");
            }

            MessageDefinition message = ParseMessage(child.Element, child.File);
            if (messageIds.TryGetValue(message.Id, out string? other))
            {
                throw new SchemaException(message.Location, "duplicate message id " + Inv(message.Id) + " (also used by '" + other + "')");
            }

            if (!messageNames.Add(message.Name))
            {
                throw new SchemaException(message.Location, "duplicate message name '" + message.Name + "'");
            }

            if ((ulong)message.Id > maxTemplateId)
            {
                throw new SchemaException(message.Location, "message id " + Inv(message.Id) + " does not fit the header's templateId");
            }

            messageIds.Add(message.Id, message.Name);
            messages.Add(message);
        }

        return new MessageSchema(
            package,
            id,
            _schemaVersion,
            OptionalAttribute(root, "semanticVersion"),
            OptionalAttribute(root, "description"),
            byteOrder,
            header,
            _typeOrder,
            messages,
            rootLocation,
            _warnings);
    }

    private XElement Parse(string path, string text)
    {
        try
        {
            XDocument document = XDocument.Parse(text, LoadOptions.SetLineInfo);
            return document.Root ?? throw new SchemaException(new SchemaLocation(path, 1), "the document has no root element");
        }
        catch (XmlException e)
        {
            throw new SchemaException(new SchemaLocation(path, e.LineNumber), "malformed XML: " + e.Message);
        }
    }

    /// <summary>The children of <paramref name="parent"/>, with each <c>xi:include</c> replaced by the included root element.</summary>
    private void Expand(XElement parent, string file, List<Located> into, int depth)
    {
        foreach (XElement child in parent.Elements())
        {
            if (child.Name.NamespaceName == XIncludeNamespace && child.Name.LocalName == "include")
            {
                SchemaLocation location = Locate(child, file);
                if (depth >= MaxIncludeDepth)
                {
                    throw new SchemaException(location, "xi:include nested deeper than " + Inv(MaxIncludeDepth) + " levels (a cycle?)");
                }

                string href = OptionalAttribute(child, "href") ?? throw new SchemaException(location, "xi:include without href");
                string includedPath = _source.Resolve(file, href);
                string text = _source.ReadText(includedPath)
                    ?? throw new SchemaException(location, "xi:include href '" + href + "' not found (looked for " + includedPath + ")");
                XElement included = Parse(includedPath, text);
                if (included.Name.LocalName == "messageSchema")
                {
                    Expand(included, includedPath, into, depth + 1);
                }
                else
                {
                    into.Add(new Located(included, includedPath));
                }

                continue;
            }

            into.Add(new Located(child, file));
        }
    }

    private void Declare(XElement element, string file)
    {
        SchemaLocation location = Locate(element, file);
        string kind = element.Name.LocalName;
        if (kind is not ("type" or "composite" or "enum" or "set"))
        {
            throw new SchemaException(location, "unexpected element <" + kind + "> in types");
        }

        string name = RequiredName(element, location);
        if (PrimitiveTypes.TryParseName(name, out _))
        {
            throw new SchemaException(location, "type name '" + name + "' is a primitive type name");
        }

        if (_declarations.TryGetValue(name, out Declaration? existing))
        {
            throw new SchemaException(location, "duplicate type name '" + name + "' (first declared at " + existing.Location + ")");
        }

        _declarations.Add(name, new Declaration(name, element, file, location, _declarations.Count));
    }

    private SbeType Resolve(string name, SchemaLocation usedAt)
    {
        if (_resolved.TryGetValue(name, out SbeType? done))
        {
            return done;
        }

        if (!_declarations.TryGetValue(name, out Declaration? declaration))
        {
            throw new SchemaException(usedAt, "unknown type '" + name + "'");
        }

        if (!_resolving.Add(name))
        {
            throw new SchemaException(usedAt, "type '" + name + "' refers to itself");
        }

        SbeType type = ParseType(declaration.Element, declaration.File, registerInline: true);
        _resolving.Remove(name);
        _resolved.Add(name, type);
        return type;
    }

    private SbeType ParseType(XElement element, string file, bool registerInline)
    {
        SbeType type = element.Name.LocalName switch
        {
            "type" => ParseEncodedType(element, file),
            "enum" => ParseEnum(element, file),
            "set" => ParseSet(element, file),
            "composite" => ParseComposite(element, file),
            _ => throw new SchemaException(Locate(element, file), "unexpected element <" + element.Name.LocalName + ">"),
        };
        if (registerInline && type is not EncodedType)
        {
            Register(type);
        }

        return type;
    }

    private void Register(SbeType type)
    {
        if (!_typeNames.Add(type.Name))
        {
            throw new SchemaException(type.Location, "duplicate type name '" + type.Name + "'");
        }

        _typeOrder.Add(type);
    }
}
