using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Engine.Sbe.Schema;

/// <summary>The schema's types: encoded types, enums, sets and composites, parsed and checked.</summary>
public sealed partial class SchemaLoader
{
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
}
