using System.Text;
using Bright.Pipelines.Hl7;

namespace Bright.Pipelines.Tests.Hl7;

/// <summary>Seeded random mutations of valid messages through the real parser and mapper.</summary>
public sealed class Hl7FuzzTests
{
    [TestCase(20261126, 5_000)]
    [TestCase(7, 5_000)]
    public void The_parser_and_mapper_never_throw_and_always_answer(int seed, int cases)
    {
        var mutator = new Hl7Mutator(seed);
        var mapper = TestFeeds.Mapper();
        var failures = new List<string>();
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < cases; i++)
        {
            var bytes = mutator.Next();
            try
            {
                // Both entry points: the bytes as an MLLP frame carries them, and the decoded text.
                var fromBytes = Hl7Parser.Parse(bytes.AsSpan());
                var result = Hl7Parser.Parse(Hl7Parser.Decode(bytes));
                if (fromBytes.Success != result.Success || result.Success == (result.Error is not null))
                {
                    failures.Add($"case {i}: parse results disagree or are neither message nor error");
                    continue;
                }

                var outcome = result.Success ? mapper.Map(result.Message!, TestFeeds.ReceivedAt).Code.ToString() : "parse error";
                if (result.Error is { } error && (error.Location.Length == 0 || error.Reason.Length == 0))
                {
                    failures.Add($"case {i}: a parse error without a location or reason");
                }

                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
            catch (Exception ex)
            {
                failures.Add($"case {i} (seed {seed}): {ex.GetType().Name}: {ex.Message} in '{Escape(bytes)}'");
            }
        }

        Assert.That(failures, Is.Empty);
        // The mutations reach every outcome, so the cases exercise the mapper as well as the parser.
        Assert.That(outcomes.Keys, Is.SupersetOf(new[] { "parse error", "AA", "AE", "AR" }));
    }

    private static string Escape(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes, 0, Math.Min(bytes.Length, 400));
        return text.Replace("\r", "<CR>", StringComparison.Ordinal).Replace("\n", "<LF>", StringComparison.Ordinal);
    }
}
