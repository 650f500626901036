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
    run: async (input, call) => `Component “${(await createComponent(call.deps, call.ctx, input)).name}” added.`,
  }),
  group: formIntent({
    action: "component.write",
    schema: CreateGroup,
    toInput: groupInputFromForm,
    run: async (input, call) => `Group “${(await createGroup(call.deps, call.ctx, input)).name}” added.`,
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
      return "Saved. The public page shows the change on its next request.";
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
      return "Saved.";
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
