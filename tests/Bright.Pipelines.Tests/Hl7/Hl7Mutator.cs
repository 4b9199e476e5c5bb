using System.Text;

namespace Bright.Pipelines.Tests.Hl7;

/// <summary>
/// Seeded random mutations of valid HL7 v2 messages, for fuzzing: byte flips, truncation, duplicated and
/// removed separators, random encoding characters, huge fields, stray escape sequences and shuffled
/// segments, one to three at a time. The same seed gives the same cases.
/// </summary>
internal sealed class Hl7Mutator(int seed)
{
    private static readonly byte[] Separators = "|^~\\&\r\n"u8.ToArray();
    private static readonly string[] Escapes = [@"\F\", @"\S\", @"\T\", @"\R\", @"\E\", @"\X0D0A\", @"\XZZ\", @"\Z99\", @"\H\", @"\N\", @"\.br\", @"\", @"\C2842\", @"\M2442\"];

    private readonly Random _random = new(seed);

    /// <summary>Valid messages the mutations start from: synthetic admissions, transfers and discharges from <c>TEST</c>, and one Barts sample.</summary>
    public static IReadOnlyList<string> Seeds { get; } =
    [
        Message("ADT^A01", "F1", "EVN|A01|20250101120000\rPID|1||100001^^^RQ6^MR||DOE^JANE||19700101|F\rPV1|1|I|W1^^B001||||||||||||||||V1\r"),
        Message("ADT^A02", "F2", "EVN|A02|20250101130000\rPID|1||100001^^^RQ6^MR\rPV1|1|I|W2^^B002|||W1^^B001||||||||||||V1\r"),
        Message("ADT^A03", "F3", "EVN|A03|20250101140000\rPID|1||100001^^^RQ6^MR\rPV1|1|I|W2^^B002||||||||||||||||V1|||||||||||||||||||||||||20250101140000\r"),
        Message("ADT^A08", "F4", "EVN|A08|20250101150000\rPID|1||100002^^^RQ6^MR~X9^^^NHS||SMITH\\S\\JONES^ANN\rPV1|1|E|ED^^C3\rZXY|custom\r"),
        File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Hl7", "Samples", "A01_admit_barts_format.hl7")).Replace("\n", "\r", StringComparison.Ordinal),
    ];

    private static string Message(string type, string controlId, string body) =>
        $"MSH|^~\\&|TEST|RQ6|BRIGHT|RQ6|20250101120000||{type}|{controlId}|P|2.4\r{body}";

    /// <summary>A mutation of one of the <see cref="Seeds"/>; <paramref name="maxHugeField"/> bounds the huge fields.</summary>
    public byte[] Next(int maxHugeField = 200_000)
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(Seeds[_random.Next(Seeds.Count)]));
        var mutations = _random.Next(1, 4);
        for (var m = 0; m < mutations; m++)
        {
            Mutate(bytes, maxHugeField);
        }

        return [.. bytes];
    }

    private void Mutate(List<byte> bytes, int maxHugeField)
    {
        if (bytes.Count == 0)
        {
            bytes.AddRange("MSH"u8.ToArray());
            return;
        }

        var at = _random.Next(bytes.Count);
        switch (_random.Next(9))
        {
            case 0:
                // Flip to any byte, control characters and invalid UTF-8 included.
                bytes[at] = (byte)_random.Next(256);
                break;
            case 1:
                bytes.RemoveRange(at, bytes.Count - at);
                break;
            case 2:
                var separator = FindSeparator(bytes);
                if (separator >= 0)
                {
                    bytes.Insert(separator, bytes[separator]);
                }

                break;
            case 3:
                var removed = FindSeparator(bytes);
                if (removed >= 0)
                {
                    bytes.RemoveAt(removed);
                }

                break;
            case 4:
                // MSH-1 and MSH-2: random printable or control characters in place of the encoding characters.
                for (var i = 3; i < Math.Min(8, bytes.Count); i++)
                {
                    if (_random.Next(2) == 0)
                    {
                        bytes[i] = (byte)_random.Next(_random.Next(3) == 0 ? 0 : 32, 127);
                    }
                }

                break;
            case 5:
                var huge = new byte[_random.Next(1_000, maxHugeField)];
                _random.NextBytes(huge);
                for (var i = 0; i < huge.Length; i++)
                {
                    // Mostly text, with separators sprinkled in.
                    huge[i] = _random.Next(50) == 0 ? Separators[_random.Next(Separators.Length)] : (byte)('A' + (huge[i] % 26));
                }

                bytes.InsertRange(FindSeparator(bytes) is var f and >= 0 ? f : at, huge);
                break;
            case 6:
                bytes.InsertRange(at, Encoding.ASCII.GetBytes(Escapes[_random.Next(Escapes.Length)]));
                break;
            case 7:
                var segments = Encoding.UTF8.GetString([.. bytes]).Split('\r').ToList();
                var i1 = _random.Next(segments.Count);
                var i2 = _random.Next(segments.Count);
                (segments[i1], segments[i2]) = (segments[i2], segments[i1]);
                if (_random.Next(2) == 0)
                {
                    segments.Insert(_random.Next(segments.Count), segments[_random.Next(segments.Count)]);
                }

                bytes.Clear();
                bytes.AddRange(Encoding.UTF8.GetBytes(string.Join('\r', segments)));
                break;
            default:
                bytes.Insert(at, Separators[_random.Next(Separators.Length)]);
                break;
        }
    }

    private int FindSeparator(List<byte> bytes)
    {
        var start = _random.Next(bytes.Count);
        for (var i = 0; i < bytes.Count; i++)
        {
            var index = (start + i) % bytes.Count;
            if (Array.IndexOf(Separators, bytes[index]) >= 0)
            {
                return index;
            }
        }

        return -1;
    }
}
