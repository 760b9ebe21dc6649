using System.Globalization;
using System.Text;
using Engine.Gateways.Venues.Json;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Tests;

/// <summary>
/// The eight-digits-at-a-time parse of venue prices and quantities decides every text exactly as the engine's
/// fixed-point parser does (same answer, same units, same decimals), on the shapes venues write and on broken ones.
/// </summary>
[TestFixture]
public sealed class UnsignedDecimalTextTests
{
    [TestCase("61737.63000000", 8, 6_173_763_000_000L, 8)]
    [TestCase("61737.63000000", 2, 6_173_763L, 8)]
    [TestCase("0.14909000", 8, 14_909_000L, 8)]
    [TestCase("0.14909000", 5, 14_909L, 8)]
    [TestCase("1234567.12345678", 8, 123_456_712_345_678L, 8)]
    [TestCase("42.00000000", 0, 42L, 8)]
    [TestCase("00000001.5", 1, 15L, 1)]
    public void Parses_VenueShapedText(string text, int scale, long expected, int expectedDecimals)
    {
        Assert.That(UnsignedDecimalText.TryParse(Encoding.ASCII.GetBytes(text), scale, out long units, out int decimals), Is.True);
        Assert.That(units, Is.EqualTo(expected));
        Assert.That(decimals, Is.EqualTo(expectedDecimals));
    }

    [TestCase("61737.6300000x")]
    [TestCase("6173x.63000000")]
    [TestCase("61737.63000001")]
    [TestCase("-61737.63000000")]
    [TestCase("61737..3000000")]
    [TestCase("6173.7.63000000")]
    [TestCase("")]
    [TestCase("0x1234.5678")]
    [TestCase("6.1e+0400")]
    [TestCase("61737 63000000")]
    public void Refuses_WhatTheFixedPointParserRefuses(string text)
    {
        Assert.That(UnsignedDecimalText.TryParse(Encoding.ASCII.GetBytes(text), 6, out _, out _), Is.False, text);
    }

    [Test]
    public void AgreesWithTheFixedPointParser_OverManyTextsAndScales()
    {
        var random = new Random(17);
        const string Alphabet = "0123456789.-e+ /:";
        for (int i = 0; i < 200_000; i++)
        {
            string text;
            if (i % 2 == 0)
            {
                // The venues' shape: integer digits, a point, a number of decimals.
                long integer = random.NextInt64(0, 10_000_000);
                int fraction = random.Next(0, 12);
                var builder = new StringBuilder(integer.ToString(CultureInfo.InvariantCulture));
                if (fraction > 0 || random.Next(4) == 0)
                {
                    builder.Append('.');
                }

                for (int d = 0; d < fraction; d++)
                {
                    builder.Append(random.Next(3) == 0 ? (char)('0' + random.Next(10)) : '0');
                }

                text = builder.ToString();
            }
            else
            {
                // Noise of venue-like characters.
                var chars = new char[random.Next(0, 20)];
                for (int c = 0; c < chars.Length; c++)
                {
                    chars[c] = Alphabet[random.Next(Alphabet.Length)];
                }

                text = new string(chars);
            }

            int scale = random.Next(0, 13);
            byte[] bytes = Encoding.ASCII.GetBytes(text);
            bool expected = FixedPointMath.TryParse(bytes, scale, out long expectedUnits, out int expectedDecimals) == FixedPointParseStatus.Ok && expectedUnits >= 0;
            bool parsed = UnsignedDecimalText.TryParse(bytes, scale, out long units, out int decimals);
            Assert.That(parsed, Is.EqualTo(expected), $"'{text}' at scale {scale}");
            if (expected)
            {
                Assert.That((units, decimals), Is.EqualTo((expectedUnits, expectedDecimals)), $"'{text}' at scale {scale}");
            }
        }
    }
}
