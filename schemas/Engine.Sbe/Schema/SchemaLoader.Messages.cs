using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Engine.Sbe.Schema;

/// <summary>The schema's messages: their fields, repeating groups and variable-length data, placed and checked.</summary>
public sealed partial class SchemaLoader
{
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
}
