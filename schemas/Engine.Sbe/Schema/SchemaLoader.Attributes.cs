using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Engine.Sbe.Schema;

/// <summary>Reading attributes (presence, versions, values, names) with errors naming file and line; the loader's bookkeeping records.</summary>
public sealed partial class SchemaLoader
{
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
