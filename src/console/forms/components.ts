import { t } from "../../i18n/console/index.ts";
import { createComponent } from "../../services/components/create.ts";
import { deleteComponent } from "../../services/components/delete.ts";
import { CreateComponent, CreateGroup, UpdateComponent, UpdateGroup } from "../../services/components/schemas.ts";
import { updateComponent } from "../../services/components/update.ts";
import { createGroup } from "../../services/groups/create.ts";
import { deleteGroup } from "../../services/groups/delete.ts";
import { updateGroup } from "../../services/groups/update.ts";
import { formIntent, type IntentCall, type IntentTable } from "../form-action.ts";
import { componentInputFromForm, groupInputFromForm } from "./component-fields.ts";

const id = (call: IntentCall): string => call.params.id ?? "";

/** /admin/components: add a component or a group. */
export const COMPONENTS_FORMS: IntentTable = {
  component: formIntent({
    action: "component.write",
    schema: CreateComponent,
    toInput: componentInputFromForm,
    run: async (input, call) => t("form_components.component_added", { name: (await createComponent(call.deps, call.ctx, input)).name }),
  }),
  group: formIntent({
    action: "component.write",
    schema: CreateGroup,
    toInput: groupInputFromForm,
    run: async (input, call) => t("form_components.group_added", { name: (await createGroup(call.deps, call.ctx, input)).name }),
  }),
};

/** /admin/components/[id]: save or delete one component. */
export const COMPONENT_FORMS: IntentTable = {
  save: formIntent({
    action: "component.write",
    schema: UpdateComponent,
    toInput: componentInputFromForm,
    run: async (input, call) => {
      await updateComponent(call.deps, call.ctx, id(call), input);
      return t("form.saved_public_page_follows");
    },
  }),
  delete: formIntent({
    action: "component.write",
    run: async (_input, call) => {
      await deleteComponent(call.deps, call.ctx, id(call));
      return { redirect: "/admin/components" };
    },
  }),
};

/** /admin/components/groups/[id]: save or delete one group. */
export const GROUP_FORMS: IntentTable = {
  save: formIntent({
    action: "component.write",
    schema: UpdateGroup,
    toInput: groupInputFromForm,
    run: async (input, call) => {
      await updateGroup(call.deps, call.ctx, id(call), input);
      return t("form.saved");
    },
  }),
  delete: formIntent({
    action: "component.write",
    run: async (_input, call) => {
      await deleteGroup(call.deps, call.ctx, id(call));
      return { redirect: "/admin/components" };
    },
  }),
};
