using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Scoreboard.ApiDocs;

/// <summary>Schemas the transformers add, generated from the types by the framework and kept once as components.</summary>
internal sealed class DocumentSchemas(OpenApiDocument document, OpenApiDocumentTransformerContext context)
{
    public async Task<IOpenApiSchema> ReferenceAsync(Type type, CancellationToken cancellationToken)
    {
        var name = ComponentName(type);
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(name))
        {
            document.AddComponent(name, await context.GetOrCreateSchemaAsync(type, null, cancellationToken));
        }

        return new OpenApiSchemaReference(name, document);
    }

    /// <summary>The framework's own naming (<c>EnvelopeOfUserRow</c>), so a type it already placed is found again.</summary>
    private static string ComponentName(Type type) => type.IsGenericType
        ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Join("And", type.GetGenericArguments().Select(ComponentName))
        : type.Name;
}
