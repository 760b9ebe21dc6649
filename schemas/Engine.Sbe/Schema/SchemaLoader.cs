using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Engine.Sbe.Schema;

/// <summary>
/// Reads an SBE 1.0 XML message schema (following <c>xi:include</c> relative to the including file), resolves its
/// types and layouts, and validates it. Every problem is a <see cref="SchemaException"/> naming file, line and problem.
/// One loader instance loads one schema on one thread; the result is immutable.
/// </summary>
public sealed class SchemaLoader
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

    private EncodedType ParseEncodedType(XElement element, string file)
    {
        SchemaLocation location = Locate(element, file);
        string name = RequiredName(element, location);
        string primitiveName = OptionalAttribute(element, "primitiveType")
            ?? throw new SchemaException(location, "type '" + name + "' has no primitiveType");
        if (!PrimitiveTypes.TryParseName(primitiveName, out PrimitiveType primitive))
        {
            throw new SchemaException(location, "type '" + name + "' has unknown primitiveType '" + primitiveName + "'");
        }

        Presence presence = ParsePresence(element, location, Presence.Required);
        int length = IntAttribute(element, file, "length", required: false, defaultValue: 1, max: 65535);
        string? constant = null;
        if (presence == Presence.Constant)
        {
            constant = element.Value.Trim();
            if (constant.Length == 0)
            {
                throw new SchemaException(location, "constant type '" + name + "' has no value");
            }

            if (primitive == PrimitiveType.Char)
            {
                length = constant.Length;
            }
            else if (!PrimitiveTypes.TryParseValue(primitive, constant, out _))
            {
                throw new SchemaException(location, "constant '" + constant + "' of type '" + name + "' is out of range for " + primitiveName);
            }
        }

        ulong nullValue = ValueAttribute(element, location, "nullValue", primitive, PrimitiveTypes.DefaultNull(primitive));
        ulong minValue = ValueAttribute(element, location, "minValue", primitive, PrimitiveTypes.DefaultMin(primitive));
        ulong maxValue = ValueAttribute(element, location, "maxValue", primitive, PrimitiveTypes.DefaultMax(primitive));
        return new EncodedType(
            name,
            location,
            OptionalAttribute(element, "description"),
            SinceVersion(element, location),
            primitive,
            length,
            presence,
            nullValue,
            minValue,
            maxValue,
            constant,
            OptionalAttribute(element, "characterEncoding"));
    }

    private EnumType ParseEnum(XElement element, string file)
    {
        SchemaLocation location = Locate(element, file);
        string name = RequiredName(element, location);
        string encodingName = OptionalAttribute(element, "encodingType")
            ?? throw new SchemaException(location, "enum '" + name + "' has no encodingType");
        PrimitiveType encoding;
        ulong nullValue;
        Presence presence = Presence.Required;
        if (PrimitiveTypes.TryParseName(encodingName, out encoding))
        {
            nullValue = PrimitiveTypes.DefaultNull(encoding);
        }
        else if (Resolve(encodingName, location) is EncodedType encodedType && !encodedType.IsArray)
        {
            encoding = encodedType.Primitive;
            nullValue = encodedType.NullValue;
            presence = encodedType.Presence;
        }
        else
        {
            throw new SchemaException(location, "enum '" + name + "' encodingType '" + encodingName + "' is not a primitive or a single-value type");
        }

        if (PrimitiveTypes.IsFloatingPoint(encoding))
        {
            throw new SchemaException(location, "enum '" + name + "' cannot be encoded as " + PrimitiveTypes.SchemaName(encoding));
        }

        presence = ParsePresence(element, location, presence);
        nullValue = ValueAttribute(element, location, "nullValue", encoding, nullValue);
        var values = new List<EnumValue>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var raws = new HashSet<ulong>();
        foreach (XElement valueElement in element.Elements())
        {
            SchemaLocation valueLocation = Locate(valueElement, file);
            if (valueElement.Name.LocalName != "validValue")
            {
                throw new SchemaException(valueLocation, "unexpected element <" + valueElement.Name.LocalName + "> in enum '" + name + "'");
            }

            string valueName = RequiredName(valueElement, valueLocation);
            string text = valueElement.Value;
            if (!PrimitiveTypes.TryParseValue(encoding, text, out ulong raw))
            {
                throw new SchemaException(
                    valueLocation,
                    "enum '" + name + "' value '" + valueName + "' = '" + text.Trim() + "' is out of range for its encoding type " + PrimitiveTypes.SchemaName(encoding));
            }

            if (!names.Add(valueName))
            {
                throw new SchemaException(valueLocation, "enum '" + name + "' has duplicate value name '" + valueName + "'");
            }

            if (!raws.Add(raw))
            {
                throw new SchemaException(valueLocation, "enum '" + name + "' has duplicate value '" + text.Trim() + "' ('" + valueName + "')");
            }

            if (raw == nullValue)
            {
                throw new SchemaException(valueLocation, "enum '" + name + "' value '" + valueName + "' equals the encoding's null value");
            }

            values.Add(new EnumValue(valueName, raw, SinceVersion(valueElement, valueLocation), OptionalAttribute(valueElement, "description")));
        }

        if (values.Count == 0)
        {
            throw new SchemaException(location, "enum '" + name + "' has no validValue");
        }

        return new EnumType(name, location, OptionalAttribute(element, "description"), SinceVersion(element, location), encoding, presence, nullValue, values);
    }

    private SetType ParseSet(XElement element, string file)
    {
        SchemaLocation location = Locate(element, file);
        string name = RequiredName(element, location);
        string encodingName = OptionalAttribute(element, "encodingType")
            ?? throw new SchemaException(location, "set '" + name + "' has no encodingType");
        PrimitiveType encoding;
        if (!PrimitiveTypes.TryParseName(encodingName, out encoding))
        {
            if (Resolve(encodingName, location) is EncodedType encodedType && !encodedType.IsArray)
            {
                encoding = encodedType.Primitive;
            }
            else
            {
                throw new SchemaException(location, "set '" + name + "' encodingType '" + encodingName + "' is not a primitive or a single-value type");
            }
        }

        if (encoding is not (PrimitiveType.UInt8 or PrimitiveType.UInt16 or PrimitiveType.UInt32 or PrimitiveType.UInt64 or PrimitiveType.Char))
        {
            throw new SchemaException(location, "set '" + name + "' must be encoded as an unsigned integer, not " + PrimitiveTypes.SchemaName(encoding));
        }

        int bits = 8 * PrimitiveTypes.Size(encoding);
        var choices = new List<SetChoice>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var positions = new HashSet<int>();
        foreach (XElement choiceElement in element.Elements())
        {
            SchemaLocation choiceLocation = Locate(choiceElement, file);
            if (choiceElement.Name.LocalName != "choice")
            {
                throw new SchemaException(choiceLocation, "unexpected element <" + choiceElement.Name.LocalName + "> in set '" + name + "'");
            }

            string choiceName = RequiredName(choiceElement, choiceLocation);
            if (!int.TryParse(choiceElement.Value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int bit) || bit >= bits)
            {
                throw new SchemaException(
                    choiceLocation,
                    "set '" + name + "' choice '" + choiceName + "' bit '" + choiceElement.Value.Trim() + "' is out of range for its encoding type " + PrimitiveTypes.SchemaName(encoding) + " (0.." + Inv(bits - 1) + ")");
            }

            if (!names.Add(choiceName))
            {
                throw new SchemaException(choiceLocation, "set '" + name + "' has duplicate choice name '" + choiceName + "'");
            }

            if (!positions.Add(bit))
            {
                throw new SchemaException(choiceLocation, "set '" + name + "' has duplicate bit " + Inv(bit) + " ('" + choiceName + "')");
            }

            choices.Add(new SetChoice(choiceName, bit, SinceVersion(choiceElement, choiceLocation), OptionalAttribute(choiceElement, "description")));
        }

        return new SetType(name, location, OptionalAttribute(element, "description"), SinceVersion(element, location), encoding, choices);
    }

    private CompositeType ParseComposite(XElement element, string file)
    {
        SchemaLocation location = Locate(element, file);
        string name = RequiredName(element, location);
        var members = new List<FieldDefinition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        int position = 0;
        foreach (XElement memberElement in element.Elements())
        {
            SchemaLocation memberLocation = Locate(memberElement, file);
            string memberName = RequiredName(memberElement, memberLocation);
            SbeType memberType;
            if (memberElement.Name.LocalName == "ref")
            {
                string typeName = OptionalAttribute(memberElement, "type")
                    ?? throw new SchemaException(memberLocation, "ref '" + memberName + "' has no type");
                memberType = Resolve(typeName, memberLocation);
            }
            else
            {
                memberType = ParseType(memberElement, file, registerInline: true);
            }

            if (!names.Add(memberName))
            {
                throw new SchemaException(memberLocation, "composite '" + name + "' has duplicate member name '" + memberName + "'");
            }

            Presence presence = PresenceOf(memberType);
            int offset = -1;
            if (presence != Presence.Constant)
            {
                offset = Place(memberElement, memberLocation, memberType, position, "member '" + memberName + "' of composite '" + name + "'");
                position = offset + memberType.EncodedLength;
            }

            int since = memberElement.Attribute("sinceVersion") is null ? memberType.SinceVersion : SinceVersion(memberElement, memberLocation);
            members.Add(new FieldDefinition(memberName, 0, memberType, offset, presence, since, null, OptionalAttribute(memberElement, "description"), memberLocation));
        }

        if (members.Count == 0)
        {
            throw new SchemaException(location, "composite '" + name + "' has no members");
        }

        return new CompositeType(name, location, OptionalAttribute(element, "description"), SinceVersion(element, location), members, position);
    }

    private MessageDefinition ParseMessage(XElement element, string file)
    {
        SchemaLocation location = Locate(element, file);
        string name = RequiredName(element, location);
        int id = IntAttribute(element, file, "id", required: true, defaultValue: 0, max: int.MaxValue);
        int since = SinceVersion(element, location);
        ParseBlock(element, file, "message '" + name + "'", out List<FieldDefinition> fields, out List<GroupDefinition> groups, out List<VarDataDefinition> data, out int blockLength);
        return new MessageDefinition(name, id, blockLength, since, OptionalAttribute(element, "description"), location, fields, groups, data, OptionalAttribute(element, "semanticType"));
    }

    private GroupDefinition ParseGroup(XElement element, string file, string owner)
    {
        SchemaLocation location = Locate(element, file);
        string name = RequiredName(element, location);
        int id = IntAttribute(element, file, "id", required: true, defaultValue: 0, max: int.MaxValue);
        int since = SinceVersion(element, location);
        string dimensionName = OptionalAttribute(element, "dimensionType") ?? "groupSizeEncoding";
        if (Resolve(dimensionName, location) is not CompositeType dimension)
        {
            throw new SchemaException(location, "group '" + name + "' dimensionType '" + dimensionName + "' is not a composite");
        }

        RequireUnsignedMember(dimension, "blockLength", location, "group dimension '" + dimensionName + "'");
        RequireUnsignedMember(dimension, "numInGroup", location, "group dimension '" + dimensionName + "'");
        ParseBlock(element, file, "group '" + name + "' of " + owner, out List<FieldDefinition> fields, out List<GroupDefinition> groups, out List<VarDataDefinition> data, out int blockLength);
        ulong maxBlockLength = ((EncodedType)dimension.Find("blockLength")!.Type).MaxValue;
        if ((ulong)blockLength > maxBlockLength)
        {
            throw new SchemaException(location, "group '" + name + "' block length " + Inv(blockLength) + " does not fit its dimension's blockLength");
        }

        return new GroupDefinition(name, id, blockLength, since, OptionalAttribute(element, "description"), location, fields, groups, data, dimension);
    }

    private void ParseBlock(
        XElement element,
        string file,
        string owner,
        out List<FieldDefinition> fields,
        out List<GroupDefinition> groups,
        out List<VarDataDefinition> data,
        out int blockLength)
    {
        fields = [];
        groups = [];
        data = [];
        var ids = new Dictionary<int, string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        int position = 0;
        int lastSince = 0;
        string? lastSinceName = null;
        foreach (XElement child in element.Elements())
        {
            SchemaLocation location = Locate(child, file);
            string kind = child.Name.LocalName;
            string name = RequiredName(child, location);
            int id = IntAttribute(child, file, "id", required: true, defaultValue: 0, max: int.MaxValue);
            if (ids.TryGetValue(id, out string? other))
            {
                throw new SchemaException(location, owner + " has duplicate id " + Inv(id) + " ('" + name + "' and '" + other + "')");
            }

            if (!names.Add(name))
            {
                throw new SchemaException(location, owner + " has duplicate name '" + name + "'");
            }

            ids.Add(id, name);
            switch (kind)
            {
                case "field":
                    if (groups.Count > 0 || data.Count > 0)
                    {
                        throw new SchemaException(location, "field '" + name + "' of " + owner + " is out of order: fields come before groups and var data");
                    }

                    FieldDefinition field = ParseField(child, file, location, name, id, position, owner);
                    if (!field.IsConstant)
                    {
                        if (field.SinceVersion < lastSince)
                        {
                            // The specification asks new fields to be appended, but the reference tool does not check
                            // it and production schemas break it; decoding stays correct (presence is by version and block length).
                            _warnings.Add(new SchemaWarning(
                                location,
                                "field '" + name + "' of " + owner + " has sinceVersion " + Inv(field.SinceVersion) + " but follows '" + lastSinceName + "' with sinceVersion " + Inv(lastSince) + ": fields of later versions should be appended"));
                        }
                        else
                        {
                            lastSince = field.SinceVersion;
                            lastSinceName = name;
                        }

                        position = field.Offset + field.EncodedLength;
                    }

                    fields.Add(field);
                    break;
                case "group":
                    if (data.Count > 0)
                    {
                        throw new SchemaException(location, "group '" + name + "' of " + owner + " is out of order: groups come before var data");
                    }

                    GroupDefinition group = ParseGroup(child, file, owner);
                    CheckVersion(group.SinceVersion, location, "group '" + name + "'");
                    groups.Add(group);
                    break;
                case "data":
                    string typeName = OptionalAttribute(child, "type") ?? throw new SchemaException(location, "data '" + name + "' has no type");
                    if (Resolve(typeName, location) is not CompositeType composite
                        || composite.Find("length") is not { Type: EncodedType { IsArray: false } } lengthMember
                        || composite.Find("varData") is not { Type: EncodedType } dataMember
                        || PrimitiveTypes.IsSigned(((EncodedType)lengthMember.Type).Primitive)
                        || PrimitiveTypes.IsFloatingPoint(((EncodedType)lengthMember.Type).Primitive)
                        || dataMember.Offset < lengthMember.Offset + lengthMember.EncodedLength)
                    {
                        throw new SchemaException(location, "data '" + name + "' type '" + typeName + "' is not a var-data composite (an unsigned 'length' followed by 'varData')");
                    }

                    int since = SinceVersion(child, location);
                    CheckVersion(since, location, "data '" + name + "'");
                    data.Add(new VarDataDefinition(name, id, composite, since, OptionalAttribute(child, "description"), location));
                    break;
                default:
                    throw new SchemaException(location, "unexpected element <" + kind + "> in " + owner);
            }
        }

        blockLength = position;
        XAttribute? explicitLength = element.Attribute("blockLength");
        if (explicitLength is not null)
        {
            int declared = IntAttribute(element, file, "blockLength", required: true, defaultValue: 0, max: 65535);
            if (declared < position)
            {
                throw new SchemaException(Locate(element, file), owner + " declares blockLength " + Inv(declared) + " but its fields need " + Inv(position));
            }

            blockLength = declared;
        }
    }

    private FieldDefinition ParseField(XElement element, string file, SchemaLocation location, string name, int id, int position, string owner)
    {
        string typeName = OptionalAttribute(element, "type") ?? throw new SchemaException(location, "field '" + name + "' has no type");
        SbeType type;
        if (PrimitiveTypes.TryParseName(typeName, out PrimitiveType primitive))
        {
            type = new EncodedType(
                typeName,
                location,
                null,
                0,
                primitive,
                1,
                Presence.Required,
                PrimitiveTypes.DefaultNull(primitive),
                PrimitiveTypes.DefaultMin(primitive),
                PrimitiveTypes.DefaultMax(primitive),
                null,
                null);
        }
        else if (_declarations.ContainsKey(typeName))
        {
            type = Resolve(typeName, location);
        }
        else
        {
            throw new SchemaException(location, "field '" + name + "' of " + owner + " refers to unknown type '" + typeName + "'");
        }

        Presence presence = ParsePresence(element, location, PresenceOf(type));
        EnumValue? constantEnum = null;
        if (presence == Presence.Constant && PresenceOf(type) != Presence.Constant)
        {
            string valueRef = OptionalAttribute(element, "valueRef")
                ?? throw new SchemaException(location, "constant field '" + name + "' needs a valueRef (Enum.Value)");
            int dot = valueRef.IndexOf('.');
            string enumName = dot < 0 ? string.Empty : valueRef.Substring(0, dot);
            string valueName = dot < 0 ? valueRef : valueRef.Substring(dot + 1);
            if (type is not EnumType enumType || enumType.Name != enumName)
            {
                throw new SchemaException(location, "constant field '" + name + "' valueRef '" + valueRef + "' must name a value of its enum type '" + typeName + "'");
            }

            constantEnum = enumType.Find(valueName)
                ?? throw new SchemaException(location, "constant field '" + name + "' valueRef '" + valueRef + "' names no value of enum '" + enumName + "'");
        }

        // As in the reference tool, a field's version is its own sinceVersion (default 0), whatever its type's: the
        // type's only documents when the type was added, and data the reference tool encodes follows the field's.
        int since = SinceVersion(element, location);
        if (since < type.SinceVersion)
        {
            _warnings.Add(new SchemaWarning(
                location,
                "field '" + name + "' has sinceVersion " + Inv(since) + " but its type '" + typeName + "' exists only since version " + Inv(type.SinceVersion)));
        }

        int offset = -1;
        if (presence != Presence.Constant)
        {
            offset = Place(element, location, type, position, "field '" + name + "' of " + owner);
        }

        return new FieldDefinition(name, id, type, offset, presence, since, constantEnum, OptionalAttribute(element, "description"), location);
    }

    /// <summary>The offset of a member: its explicit <c>offset</c>, checked against overlap and alignment, or the next free byte.</summary>
    private int Place(XElement element, SchemaLocation location, SbeType type, int position, string what)
    {
        if (element.Attribute("offset") is null)
        {
            return position;
        }

        int offset = IntAttribute(element, location.File, "offset", required: true, defaultValue: 0, max: 65535);
        if (offset < position)
        {
            throw new SchemaException(location, what + " has offset " + Inv(offset) + " which overlaps the previous member ending at " + Inv(position));
        }

        int alignment = type switch
        {
            EncodedType encoded => PrimitiveTypes.Size(encoded.Primitive),
            EnumType enumType => PrimitiveTypes.Size(enumType.Encoding),
            SetType setType => PrimitiveTypes.Size(setType.Encoding),
            _ => 1,
        };
        if (_options.RequireAlignedOffsets && offset % alignment != 0)
        {
            throw new SchemaException(location, what + " has offset " + Inv(offset) + " which is not aligned to its " + Inv(alignment) + "-byte size");
        }

        return offset;
    }

    private static Presence PresenceOf(SbeType type) => type switch
    {
        EncodedType encoded => encoded.Presence,
        EnumType enumType => enumType.Presence,
        _ => Presence.Required,
    };

    private static void RequireUnsignedMember(CompositeType composite, string member, SchemaLocation location, string what)
    {
        FieldDefinition? found = composite.Find(member);
        if (found is null || found.Type is not EncodedType encoded || encoded.IsArray || found.IsConstant
            || PrimitiveTypes.IsSigned(encoded.Primitive) || PrimitiveTypes.IsFloatingPoint(encoded.Primitive) || encoded.Primitive == PrimitiveType.Char)
        {
            throw new SchemaException(location, what + " '" + composite.Name + "' needs an unsigned integer member '" + member + "'");
        }
    }

    private void CheckVersion(int since, SchemaLocation location, string what)
    {
        if (since > _schemaVersion)
        {
            throw new SchemaException(location, what + " has sinceVersion " + Inv(since) + " beyond the schema version " + Inv(_schemaVersion));
        }
    }

    private int SinceVersion(XElement element, SchemaLocation location)
    {
        int since = IntAttribute(element, location.File, "sinceVersion", required: false, defaultValue: 0, max: ushort.MaxValue);
        CheckVersion(since, location, "'" + (OptionalAttribute(element, "name") ?? element.Name.LocalName) + "'");
        return since;
    }

    private static Presence ParsePresence(XElement element, SchemaLocation location, Presence defaultValue)
    {
        string? text = OptionalAttribute(element, "presence");
        return text switch
        {
            null => defaultValue,
            "required" => Presence.Required,
            "optional" => Presence.Optional,
            "constant" => Presence.Constant,
            _ => throw new SchemaException(location, "presence '" + text + "' is not required, optional or constant"),
        };
    }

    private static ulong ValueAttribute(XElement element, SchemaLocation location, string attribute, PrimitiveType primitive, ulong defaultValue)
    {
        string? text = OptionalAttribute(element, attribute);
        if (text is null)
        {
            return defaultValue;
        }

        if (!PrimitiveTypes.TryParseValue(primitive, text, out ulong raw))
        {
            throw new SchemaException(location, attribute + " '" + text + "' is out of range for " + PrimitiveTypes.SchemaName(primitive));
        }

        return raw;
    }

    private static int IntAttribute(XElement element, string file, string attribute, bool required, int defaultValue, int max)
    {
        string? text = OptionalAttribute(element, attribute);
        if (text is null)
        {
            if (required)
            {
                throw new SchemaException(Locate(element, file), "<" + element.Name.LocalName + "> has no " + attribute);
            }

            return defaultValue;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value > max)
        {
            throw new SchemaException(Locate(element, file), attribute + " '" + text + "' is not an integer in 0.." + Inv(max));
        }

        return value;
    }

    private static string RequiredName(XElement element, SchemaLocation location)
    {
        string? name = OptionalAttribute(element, "name");
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new SchemaException(location, "<" + element.Name.LocalName + "> has no name");
        }

        return name!;
    }

    private static string? OptionalAttribute(XElement element, string name) => element.Attribute(name)?.Value;

    private static SchemaLocation Locate(XElement element, string file) =>
        new(file, ((IXmlLineInfo)element).HasLineInfo() ? ((IXmlLineInfo)element).LineNumber : 0);

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An element together with the file it came from (includes keep their own file and line numbers).</summary>
    private sealed class Located
    {
        public Located(XElement element, string file)
        {
            Element = element;
            File = file;
        }

        public XElement Element { get; }

        public string File { get; }
    }

    private sealed class Declaration
    {
        public Declaration(string name, XElement element, string file, SchemaLocation location, int order)
        {
            Name = name;
            Element = element;
            File = file;
            Location = location;
            Order = order;
        }

        public string Name { get; }

        public XElement Element { get; }

        public string File { get; }

        public SchemaLocation Location { get; }

        public int Order { get; }
    }
}
