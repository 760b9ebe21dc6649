using System.Reflection;
using Engine.Sbe.Files;
using Engine.Sbe.Schema;
using Engine.Sbe.Schema.Emission;

namespace Engine.Sbe.Tests;

/// <summary>
/// The reference implementation's Car example is the oracle: codecs generated from example-schema.xml must write
/// exactly the bytes of car_example_baseline_data.sbe and read every value back; the version-1 extension schema
/// must read the same bytes written by a version-0 encoder.
/// </summary>
[TestFixture]
public sealed class CarExampleTests
{
    private const string Driver = """
        using System;
        using System.Text;
        using Baseline;

        namespace Sbe.Test;

        public static class CarDriver
        {
            public static byte[] Encode()
            {
                var buffer = new byte[512];
                var car = CarEncoder.WrapAndApplyHeader(buffer, 0);
                car.SerialNumber = 1234;
                car.ModelYear = 2013;
                car.Available = BooleanType.T;
                car.Code = Model.A;
                for (int i = 0; i < CarEncoder.SomeNumbersLength; i++)
                {
                    car.SetSomeNumbers(i, (uint)(i + 1));
                }

                car.SetVehicleCode("abcdef");
                car.Extras = OptionalExtras.CruiseControl | OptionalExtras.SportsPack;
                EngineEncoder engine = car.Engine;
                engine.Capacity = 2000;
                engine.NumCylinders = 4;
                engine.SetManufacturerCode("123");
                engine.Efficiency = 35;
                engine.BoosterEnabled = BooleanType.T;
                BoosterEncoder booster = engine.Booster;
                booster.BoostType = BoostType.NITROUS;
                booster.HorsePower = 200;
                var fuel = car.FuelFiguresCount(3);
                fuel.Next();
                fuel.Speed = 30;
                fuel.Mpg = 35.9f;
                fuel.SetUsageDescription("Urban Cycle");
                fuel.Next();
                fuel.Speed = 55;
                fuel.Mpg = 49.0f;
                fuel.SetUsageDescription("Combined Cycle");
                fuel.Next();
                fuel.Speed = 75;
                fuel.Mpg = 40.0f;
                fuel.SetUsageDescription("Highway Cycle");
                var performance = car.PerformanceFiguresCount(2);
                performance.Next();
                performance.OctaneRating = 95;
                var acceleration = performance.AccelerationCount(3);
                acceleration.Next();
                acceleration.Mph = 30;
                acceleration.Seconds = 4.0f;
                acceleration.Next();
                acceleration.Mph = 60;
                acceleration.Seconds = 7.5f;
                acceleration.Next();
                acceleration.Mph = 100;
                acceleration.Seconds = 12.2f;
                performance.Next();
                performance.OctaneRating = 99;
                acceleration = performance.AccelerationCount(3);
                acceleration.Next();
                acceleration.Mph = 30;
                acceleration.Seconds = 3.8f;
                acceleration.Next();
                acceleration.Mph = 60;
                acceleration.Seconds = 7.1f;
                acceleration.Next();
                acceleration.Mph = 100;
                acceleration.Seconds = 11.8f;
                car.SetManufacturer("Honda");
                car.SetModel("Civic VTi");
                car.SetActivationCode("abcdef"u8);
                return buffer.AsSpan(0, BaselineSchema.HeaderLength + car.EncodedLength).ToArray();
            }

            public static string Decode(byte[] data)
            {
                var s = new StringBuilder();
                var car = CarDecoder.WrapWithHeader(data, 0);
                s.Append("serialNumber=").Append(car.SerialNumber);
                s.Append(";modelYear=").Append(car.ModelYear);
                s.Append(";available=").Append(car.Available);
                s.Append(";code=").Append(car.Code);
                s.Append(";someNumbers=");
                for (int i = 0; i < CarDecoder.SomeNumbersLength; i++)
                {
                    s.Append(car.SomeNumbers(i)).Append(',');
                }

                s.Append(";vehicleCode=").Append(car.VehicleCodeAsString());
                s.Append(";extras=").Append(car.Extras);
                s.Append(";discountedModel=").Append(car.DiscountedModel);
                EngineDecoder engine = car.Engine;
                s.Append(";engine=").Append(engine.Capacity).Append(',').Append(engine.NumCylinders).Append(',').Append(engine.MaxRpm)
                    .Append(',').Append(engine.ManufacturerCodeAsString()).Append(',').Append(Encoding.ASCII.GetString(engine.Fuel))
                    .Append(',').Append(engine.Efficiency).Append(',').Append(engine.BoosterEnabled)
                    .Append(',').Append(engine.Booster.BoostType).Append(',').Append(engine.Booster.HorsePower);
                var fuel = car.FuelFigures();
                s.Append(";fuelFigures=");
                while (fuel.MoveNext())
                {
                    s.Append('(').Append(fuel.Speed).Append(',').Append(fuel.Mpg.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',').Append(fuel.UsageDescriptionAsString()).Append(')');
                }

                var performance = car.PerformanceFigures();
                s.Append(";performanceFigures=");
                while (performance.MoveNext())
                {
                    s.Append('(').Append(performance.OctaneRating).Append(",[");
                    var acceleration = performance.Acceleration();
                    while (acceleration.MoveNext())
                    {
                        s.Append('(').Append(acceleration.Mph).Append(',').Append(acceleration.Seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(')');
                    }

                    s.Append("])");
                }

                s.Append(";manufacturer=").Append(car.ManufacturerAsString());
                s.Append(";model=").Append(car.ModelAsString());
                s.Append(";activationCode=").Append(car.ActivationCodeAsString());
                s.Append(";length=").Append(BaselineSchema.HeaderLength + car.EncodedLength);
                return s.ToString();
            }
        }
        """;

    private const string ExtensionDriver = """
        using System;
        using System.Text;
        using Extension;

        namespace Sbe.Test;

        public static class ExtensionDriver
        {
            public static string Decode(byte[] data)
            {
                var s = new StringBuilder();
                var car = CarDecoder.WrapWithHeader(data, 0);
                s.Append("version=").Append(car.ActingVersion).Append(";blockLength=").Append(car.ActingBlockLength);
                s.Append(";serialNumber=").Append(car.SerialNumber);
                s.Append(";someNumbers=").Append(car.SomeNumbers(0)).Append(',').Append(car.SomeNumbers(3));
                s.Append(";uuid=").Append(car.Uuid(0) == CarDecoder.UuidNullValue ? "null" : "set").Append(',').Append(car.UuidInActingVersion);
                s.Append(";cupHolderCount=").Append(car.CupHolderCount == CarDecoder.CupHolderCountNullValue ? "null" : "set");
                var fuel = car.FuelFigures();
                s.Append(";fuelFigures=").Append(fuel.Count);
                while (fuel.MoveNext())
                {
                    s.Append(',').Append(fuel.UsageDescriptionAsString());
                }

                var performance = car.PerformanceFigures();
                while (performance.MoveNext())
                {
                    var acceleration = performance.Acceleration();
                    while (acceleration.MoveNext())
                    {
                    }
                }

                s.Append(";manufacturer=").Append(car.ManufacturerAsString());
                s.Append(";model=").Append(car.ModelAsString());
                s.Append(";activationCode=").Append(car.ActivationCodeAsString());
                s.Append(";length=").Append(ExtensionSchema.HeaderLength + car.EncodedLength);
                return s.ToString();
            }

            public static byte[] EncodeVersion1()
            {
                var buffer = new byte[512];
                var car = CarEncoder.WrapAndApplyHeader(buffer, 0);
                car.SerialNumber = 77;
                car.SetUuid(0, 11);
                car.SetUuid(1, 12);
                car.CupHolderCount = 3;
                car.FuelFiguresCount(0);
                car.PerformanceFiguresCount(0);
                car.SetManufacturer("M");
                car.SetModel("N");
                car.SetActivationCode("O");
                return buffer.AsSpan(0, ExtensionSchema.HeaderLength + car.EncodedLength).ToArray();
            }

            public static string DecodeVersion1(byte[] data)
            {
                var car = CarDecoder.WrapWithHeader(data, 0);
                return car.ActingVersion + ";" + car.SerialNumber + ";" + car.Uuid(0) + "," + car.Uuid(1) + ";" + car.CupHolderCount;
            }
        }
        """;

    private static readonly Lazy<Assembly> s_baseline = new(() => RuntimeCompiler.Compile(
        "Car.Baseline",
        CSharpCodeEmitter.Emit(FileSchemaSource.Load(SharedData.SbeFile("example-schema.xml")), "Baseline"),
        Driver));

    private static readonly Lazy<Assembly> s_extension = new(() => RuntimeCompiler.Compile(
        "Car.Extension",
        CSharpCodeEmitter.Emit(FileSchemaSource.Load(SharedData.SbeFile("example-extension-schema.xml")), "Extension"),
        ExtensionDriver));

    [Test]
    public void EncodeCar_WithTheReadmeValues_WritesExactlyTheReferenceBaselineBytes()
    {
        byte[] expected = File.ReadAllBytes(SharedData.SbeFile("car_example_baseline_data.sbe"));

        byte[] actual = (byte[])Invoke(s_baseline.Value, "CarDriver", "Encode");

        Assert.That(Convert.ToHexString(actual), Is.EqualTo(Convert.ToHexString(expected)));
    }

    [Test]
    public void DecodeCar_ReferenceBaselineBytes_YieldsEveryListedValue()
    {
        byte[] data = File.ReadAllBytes(SharedData.SbeFile("car_example_baseline_data.sbe"));

        string decoded = (string)Invoke(s_baseline.Value, "CarDriver", "Decode", data);

        Assert.That(decoded, Is.EqualTo(
            "serialNumber=1234;modelYear=2013;available=T;code=A;someNumbers=1,2,3,4,;vehicleCode=abcdef;" +
            "extras=SportsPack, CruiseControl;discountedModel=C;engine=2000,4,9000,123,Petrol,35,T,NITROUS,200;" +
            "fuelFigures=(30,35.9,Urban Cycle)(55,49,Combined Cycle)(75,40,Highway Cycle);" +
            "performanceFigures=(95,[(30,4)(60,7.5)(100,12.2)])(99,[(30,3.8)(60,7.1)(100,11.8)]);" +
            "manufacturer=Honda;model=Civic VTi;activationCode=abcdef;length=207"));
    }

    [Test]
    public void DecodeCar_Version0BytesWithVersion1Schema_ReadsNewFieldsAsNullAndEverythingElse()
    {
        byte[] data = File.ReadAllBytes(SharedData.SbeFile("car_example_extension_data.sbe"));

        string decoded = (string)Invoke(s_extension.Value, "ExtensionDriver", "Decode", data);

        Assert.That(decoded, Is.EqualTo(
            "version=0;blockLength=45;serialNumber=1234;someNumbers=0,3;uuid=null,False;cupHolderCount=null;" +
            "fuelFigures=3,Urban Cycle,Combined Cycle,Highway Cycle;manufacturer=Honda;model=Civic VTi;activationCode=abcdef;length=207"));
    }

    [Test]
    public void EncodeCar_Version1_RoundTripsTheExtensionFields()
    {
        byte[] data = (byte[])Invoke(s_extension.Value, "ExtensionDriver", "EncodeVersion1");

        string decoded = (string)Invoke(s_extension.Value, "ExtensionDriver", "DecodeVersion1", data);

        Assert.That(decoded, Is.EqualTo("1;77;11,12;3"));
        Assert.That(BitConverter.ToUInt16(data, 0), Is.EqualTo(62), "version 1 block length");
    }

    private static object Invoke(Assembly assembly, string type, string method, params object[] arguments) =>
        assembly.GetType("Sbe.Test." + type, throwOnError: true)!.GetMethod(method)!.Invoke(null, arguments)!;
}
