using Bright.Pipelines.Hl7;
using Bright.Pipelines.Mllp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bright.Pipelines.Tests.Mllp;

public class MllpOptionsTests
{
    [Test]
    public void Defaults_listen_on_loopback_port_2575_with_a_one_mebibyte_limit()
    {
        var options = new MllpOptions();

        Assert.That(options.Port, Is.EqualTo(2575));
        Assert.That(options.BindAddress, Is.EqualTo("127.0.0.1"));
        Assert.That(options.MaxMessageBytes, Is.EqualTo(1024 * 1024));
        Assert.That(options.Validate(), Is.Empty);
    }

    [Test]
    public void Every_bad_setting_is_reported_at_once_naming_its_key()
    {
        var options = new MllpOptions
        {
            Port = 70000,
            BindAddress = "localhost",
            MaxMessageBytes = 10,
            MaxInFlight = 0,
            Feeds =
            [
                new Hl7FeedProfile { Source = "a", BedComponent = 1 },
                new Hl7FeedProfile { Source = "A", Owner = "x", DefaultSite = "RQ6" },
            ],
        };

        Assert.That(options.Validate(), Is.EqualTo(new[]
        {
            "Bright:Mllp:Port must be from 0 (off) to 65535 (was 70000).",
            "Bright:Mllp:BindAddress must be an IP address such as 127.0.0.1 or 0.0.0.0 (was 'localhost').",
            "Bright:Mllp:MaxMessageBytes must be from 1024 to 67108864 (was 10).",
            "Bright:Mllp:MaxInFlight must be from 1 to 65536 (was 0).",
            "Bright:Mllp:Feeds:0:Owner must name who is told about the feed's data-quality problems.",
            "Bright:Mllp:Feeds:0:BedComponent must differ from WardComponent (both 1).",
            "Bright:Mllp:Feeds:0:Sites or Bright:Mllp:Feeds:0:DefaultSite must say which site the feed's locations are on.",
            "Bright:Mllp:Feeds: Source 'a' appears 2 times.",
        }));
    }

    [Test]
    public void Feed_profiles_bind_from_configuration_including_names_with_spaces()
    {
        var options = Bind(new()
        {
            ["Bright:Mllp:Port"] = "0",
            ["Bright:Mllp:Feeds:0:Source"] = "barts-adt",
            ["Bright:Mllp:Feeds:0:Owner"] = "Barts interfaces team",
            ["Bright:Mllp:Feeds:0:SendingApplication"] = "BLT_TIE",
            ["Bright:Mllp:Feeds:0:Sites:RNJ ROYALLONDON"] = "R1H12",
            ["Bright:Mllp:Feeds:0:PatientClasses:DAY CASE"] = "day_case",
            ["Bright:Mllp:Feeds:0:NonProduction"] = "Reject",
        });

        Assert.That(options.Enabled, Is.False);
        Assert.That(options.Feeds.Single().Sites["RNJ ROYALLONDON"], Is.EqualTo("R1H12"));
        Assert.That(options.Feeds.Single().PatientClasses["DAY CASE"], Is.EqualTo("day_case"));
        Assert.That(options.Feeds.Single().NonProduction, Is.EqualTo(Hl7NonProductionHandling.Reject));
    }

    [Test]
    public void A_configured_feed_without_a_pseudonymisation_key_stops_start_up_naming_the_key()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind(new()
        {
            ["Bright:Mllp:Feeds:0:Source"] = "barts-adt",
            ["Bright:Mllp:Feeds:0:Owner"] = "Barts interfaces team",
            ["Bright:Mllp:Feeds:0:DefaultSite"] = "R1H12",
        }));

        Assert.That(failure!.Failures,
            Is.EqualTo(new[] { "Bright:Pseudonymisation:Key must be a secret of at least 32 characters (was empty)." }));
    }

    [Test]
    public void Without_feeds_no_key_is_needed_and_every_message_will_be_refused()
    {
        Assert.That(Bind([]).Feeds, Is.Empty);
    }

    private static MllpOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddBrightMllp(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<MllpOptions>>().Value;
    }
}
