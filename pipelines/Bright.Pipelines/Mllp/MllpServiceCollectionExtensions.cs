using System.Net;
using Bright.Core.Reference;
using Bright.Pipelines.Hl7;
using Bright.Pipelines.Ingestion;
using Bright.Pipelines.Pseudonymisation;
using Bright.Store;
using Bright.Store.DataQuality;
using Bright.Store.DeadLetters;
using Bright.Store.Events;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bright.Pipelines.Mllp;

/// <summary>Wires HL7 v2 over MLLP into the server.</summary>
public static class MllpServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="MllpOptions"/> (section <c>Bright:Mllp</c>, validated at start-up with every
    /// error naming its key), <see cref="PseudonymisationOptions"/> (<c>Bright:Pseudonymisation</c>, needed
    /// once a feed is configured), the feed profiles, the mapper, the processor and
    /// <see cref="MllpConnectionHandler"/>. The store's <see cref="EventWriter"/> and
    /// <see cref="DeadLetterStore"/> must be registered too; a <see cref="TrustReference"/>, if registered,
    /// makes unknown sites earn AE.
    /// </summary>
    public static IServiceCollection AddBrightMllp(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<MllpOptions>().Bind(configuration.GetSection(MllpOptions.Section)).ValidateOnStart();
        services.AddOptions<PseudonymisationOptions>().Bind(configuration.GetSection(PseudonymisationOptions.Section));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MllpOptions>, MllpOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new Hl7FeedCatalog(sp.GetRequiredService<IOptions<MllpOptions>>().Value.Feeds));
        services.TryAddSingleton(sp => new MllpMessageProcessor(
            CreateMapper(sp.GetRequiredService<Hl7FeedCatalog>(), sp.GetRequiredService<IOptions<PseudonymisationOptions>>().Value,
                sp.GetService<TrustReference>()),
            sp.GetRequiredService<EventWriter>(),
            sp.GetRequiredService<DeadLetterStore>(),
            sp.GetRequiredService<DataQualityStore>(),
            sp.GetRequiredService<IngestMonitor>(),
            sp.GetRequiredService<Hl7ControlIdIndex>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<MllpMessageProcessor>>()));
        services.TryAddSingleton(sp => new Hl7ControlIdIndex(sp.GetRequiredService<BrightStore>()));
        services.TryAddSingleton<MllpConnectionHandler>();
        return services;
    }

    /// <summary>
    /// Adds the MLLP endpoint to Kestrel on <see cref="MllpOptions.BindAddress"/> and
    /// <see cref="MllpOptions.Port"/>; does nothing when the port is 0. <paramref name="configure"/> sees the
    /// endpoint's <see cref="ListenOptions"/> (after start-up, its <c>IPEndPoint</c> holds the bound port).
    /// </summary>
    public static void ListenMllp(this KestrelServerOptions kestrel, MllpOptions options, Action<ListenOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return;
        }

        var errors = options.Validate().ToList();
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(MllpOptions.Section, typeof(MllpOptions), errors);
        }

        kestrel.ListenMllp(new IPEndPoint(IPAddress.Parse(options.BindAddress), options.Port), configure);
    }

    /// <summary>
    /// Adds an MLLP endpoint on <paramref name="endPoint"/>; port 0 binds a free port (for tests), which
    /// <paramref name="configure"/>'s <see cref="ListenOptions"/> report after start-up.
    /// </summary>
    public static void ListenMllp(this KestrelServerOptions kestrel, IPEndPoint endPoint, Action<ListenOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(endPoint);
        kestrel.Listen(endPoint, listen =>
        {
            listen.UseConnectionHandler<MllpConnectionHandler>();
            configure?.Invoke(listen);
        });
    }

    private static Hl7EventMapper? CreateMapper(Hl7FeedCatalog catalog, PseudonymisationOptions pseudonymisation,
        TrustReference? reference) =>
        catalog.Profiles.Count == 0 ? null : new Hl7EventMapper(catalog, new Pseudonymiser(pseudonymisation), reference);

    private sealed class MllpOptionsValidator(IOptions<PseudonymisationOptions> pseudonymisation) : IValidateOptions<MllpOptions>
    {
        public ValidateOptionsResult Validate(string? name, MllpOptions options)
        {
            var errors = options.Validate().ToList();
            if (options.Enabled && options.Feeds.Count > 0)
            {
                errors.AddRange(pseudonymisation.Value.Validate());
            }

            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
