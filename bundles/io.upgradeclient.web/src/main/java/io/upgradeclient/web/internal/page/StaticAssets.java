package io.upgradeclient.web.internal.page;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * Serves the stylesheet and scripts under {@code /static/} from this bundle's {@code static/} folder: no CDN, as
 * the machines running this may be offline.
 */
@Component(service = StaticAssets.class)
@HttpWhiteboardResource(pattern = "/static/*", prefix = "/static")
public final class StaticAssets {
}
